import { evaluateBreakGlass, roleText } from '../../access/policy.js';
import { foldRecords } from '../../access/state.js';
import type { AccessRecord } from '../../access/grant.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import { parseCommand } from '../options.js';
import { AccessRefused, appendRecord, identityOf, newRequestId, nowText, openApi, openBroker } from './context.js';
import { grantNow } from './grant-flow.js';
import { need, roleFrom } from './request.js';
import { BREAK_GLASS_SPEC } from './specs.js';

export async function runBreakGlass(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(BREAK_GLASS_SPEC, argv);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  const namespace = need(values.namespace, '--namespace');
  const reason = need(values.reason, '--reason');
  const asked = roleFrom(values, false);
  const broker = await openBroker(io, values);
  try {
    const user = await identityOf(io, values, broker);
    const verdict = evaluateBreakGlass(broker.policy, user, namespace, asked);
    if (!verdict.ok) throw new AccessRefused(`break-glass refused by ${broker.configFile}: ${verdict.reason}`);
    const { role, seconds } = verdict.value;
    const id = newRequestId();
    const first: AccessRecord = {
      id, action: 'break-glass', actor: user, at: nowText(), namespace, role, requester: user, breakGlass: true, reason,
      ...(values.ticket !== undefined ? { ticket: values.ticket } : {}), durationSeconds: seconds, note: 'emergency access without approval; post-hoc review required',
    };
    await appendRecord(broker.store, first, 0);
    const state = foldRecords([first]);
    if (!state) throw new Error('a break-glass record did not open a request');
    const api = await openApi(io, values);
    try {
      const g = await grantNow(io, broker.store, api, state, user);
      if (values.format === 'json') io.stdout.write(JSON.stringify({ id, status: 'granted', breakGlass: true, user, namespace, role, expires: g.expires, binding: g.binding }) + '\n');
      else io.stdout.write(`${id}\n`);
      io.stderr.write(`BREAK-GLASS ${id}: ${user} has ${roleText(role)} in ${namespace} until ${g.expires} (RoleBinding ${namespace}/${g.binding}), no approver.\n` +
        `This use is recorded and must be reviewed afterwards: phiguard audit review, then phiguard access review ${id} --note "..." (HK-AL-006 stays raised until then).\n`);
    } finally {
      api.close();
    }
    return 0;
  } finally {
    await broker.close();
  }
}
