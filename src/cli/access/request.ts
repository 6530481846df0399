import { parseDuration } from '../../access/duration.js';
import { evaluateRequest, roleText } from '../../access/policy.js';
import type { RoleRef } from '../../access/policy.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import { parseCommand } from '../options.js';
import { AccessRefused, appendRecord, identityOf, newRequestId, nowText, openBroker } from './context.js';
import { REQUEST_SPEC } from './specs.js';

export function roleFrom(values: { role?: string; clusterrole?: string }, required: boolean): RoleRef | undefined {
  if (values.role !== undefined && values.clusterrole !== undefined) throw new UsageError('give --role or --clusterrole, not both');
  if (values.role !== undefined) return { kind: 'Role', name: values.role };
  if (values.clusterrole !== undefined) return { kind: 'ClusterRole', name: values.clusterrole };
  if (required) throw new UsageError('give --role ROLE or --clusterrole CR');
  return undefined;
}

export function need(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value;
}

export async function runRequest(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(REQUEST_SPEC, argv);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  const role = roleFrom(values, true) as RoleRef;
  const namespace = need(values.namespace, '--namespace');
  const reason = need(values.reason, '--reason');
  const seconds = parseDuration(need(values.for, '--for'));
  if (seconds === undefined) throw new UsageError(`--for ${values.for ?? ''}: not a duration such as 30m, 2h or 1h30m`);
  const broker = await openBroker(io, values);
  try {
    const requester = await identityOf(io, values, broker);
    const verdict = evaluateRequest(broker.policy, { requester, role, namespace, seconds });
    if (!verdict.ok) throw new AccessRefused(`request refused by ${broker.configFile}: ${verdict.reason}`);
    const id = newRequestId();
    const approvalsRequired = verdict.value.approvals ?? 1;
    await appendRecord(broker.store, {
      id, action: 'requested', actor: requester, at: nowText(), namespace, role, requester, breakGlass: false, reason,
      ...(values.ticket !== undefined ? { ticket: values.ticket } : {}), durationSeconds: seconds, approvalsRequired,
    }, 0);
    if (values.format === 'json') io.stdout.write(JSON.stringify({ id, status: 'pending', requester, namespace, role, durationSeconds: seconds, approvalsRequired }) + '\n');
    else io.stdout.write(`${id}\n`);
    io.stderr.write(`request ${id}: ${requester} asks for ${roleText(role)} in ${namespace} for ${values.for ?? ''}; needs ${approvalsRequired} approval(s): phiguard access approve ${id}\n`);
    return 0;
  } finally {
    await broker.close();
  }
}
