import { evaluateApprover, evaluateRequest, roleText } from '../../access/policy.js';
import { recordBase } from '../../access/state.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import { parseCommand } from '../options.js';
import { AccessRefused, appendRecord, identityOf, nowText, openApi, openBroker, requireState } from './context.js';
import { grantNow } from './grant-flow.js';
import { APPROVE_SPEC, DENY_SPEC } from './specs.js';

function oneId(positionals: readonly string[]): string {
  const [id, extra] = positionals;
  if (id === undefined) throw new UsageError('give the request ID (phiguard access list shows them)');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  return id;
}

export async function runApprove(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(APPROVE_SPEC, argv);
  const id = oneId(positionals);
  const broker = await openBroker(io, values);
  try {
    const approver = await identityOf(io, values, broker);
    const s = await requireState(broker.store, id);
    if (s.status !== 'pending') throw new AccessRefused(`request ${id} is ${s.status}, not pending: nothing to approve`);
    // The policy of today decides: a rule removed since the request was made no longer lets it through.
    const rule = evaluateRequest(broker.policy, { requester: s.requester, role: s.role, namespace: s.namespace, seconds: s.durationSeconds });
    if (!rule.ok) throw new AccessRefused(`approval refused by ${broker.configFile}: ${rule.reason}`);
    const ok = evaluateApprover(broker.policy, rule.value, s.requester, approver, s.approvers);
    if (!ok.ok) throw new AccessRefused(`approval refused: ${ok.reason}`);
    const approvers = [...s.approvers, approver];
    await appendRecord(broker.store, {
      ...recordBase(s), action: 'approved', actor: approver, at: nowText(), approvers, ...(values.note !== undefined ? { note: values.note } : {}),
    }, s.steps);
    const after = await requireState(broker.store, id);
    if (after.status !== 'approved') {
      io.stdout.write(`request ${id}: approved by ${approver}; ${after.approvalsRequired - after.approvers.length} more approval(s) needed\n`);
      return 0;
    }
    const api = await openApi(io, values);
    try {
      const g = await grantNow(io, broker.store, api, after, approver);
      io.stdout.write(`request ${id}: granted ${roleText(s.role)} in ${s.namespace} to ${s.requester} until ${g.expires} (RoleBinding ${s.namespace}/${g.binding})\n`);
    } finally {
      api.close();
    }
    return 0;
  } finally {
    await broker.close();
  }
}

export async function runDeny(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(DENY_SPEC, argv);
  const id = oneId(positionals);
  const broker = await openBroker(io, values);
  try {
    const who = await identityOf(io, values, broker);
    const s = await requireState(broker.store, id);
    if (s.status !== 'pending' && s.status !== 'approved') throw new AccessRefused(`request ${id} is ${s.status}: only a pending request can be denied (revoke a grant instead)`);
    if (who !== s.requester) {
      const rule = evaluateRequest(broker.policy, { requester: s.requester, role: s.role, namespace: s.namespace, seconds: s.durationSeconds });
      const may = rule.ok ? evaluateApprover(broker.policy, rule.value, s.requester, who, []) : { ok: true as const };
      if (!may.ok) throw new AccessRefused(`deny refused: ${may.reason}`);
    }
    await appendRecord(broker.store, {
      ...recordBase(s), action: 'denied', actor: who, at: nowText(), ...(values.reason !== undefined ? { note: values.reason } : {}),
    }, s.steps);
    io.stdout.write(`request ${id}: ${who === s.requester ? 'withdrawn by the requester' : `denied by ${who}`}\n`);
    return 0;
  } finally {
    await broker.close();
  }
}
export { oneId };
