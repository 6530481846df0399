import { grantBindingName } from '../../access/grant.js';
import { evaluateApprover, evaluateRequest, groupsOf } from '../../access/policy.js';
import { isClosed, recordBase } from '../../access/state.js';
import { deleteGrantBinding } from '../../sources/cluster/grant-bindings.js';
import type { CliIo } from '../command.js';
import { parseCommand } from '../options.js';
import { AccessRefused, appendRecord, identityOf, nowText, openApi, openBroker, requireState } from './context.js';
import { oneId } from './decide.js';
import { REVOKE_SPEC } from './specs.js';

export async function runRevoke(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(REVOKE_SPEC, argv);
  const id = oneId(positionals);
  const broker = await openBroker(io, values);
  try {
    const who = await identityOf(io, values, broker);
    const s = await requireState(broker.store, id);
    if (isClosed(s)) throw new AccessRefused(`request ${id} is already ${s.status}`);
    if (who !== s.requester) {
      // Those who could approve it, or break glass, may take access back; anyone else may not.
      const rule = evaluateRequest(broker.policy, { requester: s.requester, role: s.role, namespace: s.namespace, seconds: s.durationSeconds });
      const approver = rule.ok && evaluateApprover(broker.policy, rule.value, s.requester, who, []).ok;
      const bg = broker.policy.breakGlass;
      const glass = bg !== undefined && (bg.users?.includes(who) === true || (bg.groups ?? []).some((g) => groupsOf(broker.policy, who).includes(g)));
      if (!approver && !glass) throw new AccessRefused(`revoke refused: ${who} is neither the requester nor an approver of this grant`);
    }
    // Recorded first: a crash before the delete leaves a revoked request with a binding, which reconcile removes.
    await appendRecord(broker.store, { ...recordBase(s), action: 'revoked', actor: who, at: nowText(), binding: grantBindingName(id), ...(values.reason !== undefined ? { note: values.reason } : {}) }, s.steps);
    const api = await openApi(io, values);
    try {
      const deleted = await deleteGrantBinding(api, s.namespace, grantBindingName(id));
      io.stdout.write(`request ${id}: revoked by ${who}${deleted ? `; RoleBinding ${s.namespace}/${grantBindingName(id)} deleted` : '; no binding was in place'}\n`);
    } finally {
      api.close();
    }
    return 0;
  } finally {
    await broker.close();
  }
}
