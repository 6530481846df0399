import { parseDuration } from '../../access/duration.js';
import type { AccessRecord } from '../../access/grant.js';
import type { ReconcileAction } from '../../access/reconcile.js';
import { planReconcile } from '../../access/reconcile.js';
import { recordBase } from '../../access/state.js';
import type { AuditStore } from '../../audit/store/store.js';
import { deleteGrantBinding, listGrantBindings } from '../../sources/cluster/grant-bindings.js';
import type { Transport } from '../../sources/cluster/transport.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import { parseCommand } from '../options.js';
import { appendRecord, identityOf, loadStates, nowText, openApi, openBroker } from './context.js';
import { RECONCILE_SPEC } from './specs.js';

function seconds(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (/^0+[smhd]?$/.test(text)) return 0;
  const s = parseDuration(text);
  if (s === undefined) throw new UsageError(`${flag} ${text}: not a duration such as 30s or 5m`);
  return s;
}

/** One pass: each action deletes the binding first and records after, so a crash repeats the action on the next pass. */
async function pass(store: AuditStore, api: Transport, actor: string, graceMs: number): Promise<ReconcileAction[]> {
  const bindings = await listGrantBindings(api);
  const states = await loadStates(store);
  const actions = planReconcile({ states, bindings, now: Date.now(), graceMs });
  for (const a of actions) {
    if (a.binding) await deleteGrantBinding(api, a.binding.namespace, a.binding.name);
    const s = states.get(a.id);
    const base = s ? recordBase(s) : { id: a.id, namespace: a.orphan?.namespace ?? '', role: a.orphan?.role ?? { kind: 'ClusterRole' as const, name: '' }, requester: a.orphan?.requester ?? '', breakGlass: a.orphan?.breakGlass ?? false };
    const record: AccessRecord = { ...base, action: a.action, actor, at: nowText(), note: a.note, ...(a.binding ? { binding: a.binding.name } : {}) };
    // An orphan's records start at step 0 under its own id; a crash between delete and record simply finds nothing next time.
    await appendRecord(store, record, s ? s.steps : 0);
    if (s) states.delete(a.id);
  }
  return actions;
}

export async function runReconcile(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(RECONCILE_SPEC, argv);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  const intervalMs = seconds(values.interval, '--interval', 30) * 1000;
  const graceMs = seconds(values.grace, '--grace', 60) * 1000;
  if (values.watch === true && intervalMs === 0) throw new UsageError('--interval must be longer than 0s');
  const broker = await openBroker(io, values);
  const api = await openApi(io, values);
  let stopped = false;
  const stop = (): void => { stopped = true; };
  try {
    const actor = await identityOf(io, values, broker);
    const report = (actions: readonly ReconcileAction[]): void => {
      for (const a of actions) io.stdout.write(`${a.action.toUpperCase()} ${a.id}${a.binding ? ` (RoleBinding ${a.binding.namespace}/${a.binding.name})` : ''}: ${a.note}\n`);
    };
    if (values.watch !== true) {
      const actions = await pass(broker.store, api, actor, graceMs);
      report(actions);
      if (actions.length === 0) io.stdout.write('nothing to reconcile: every grant binding matches its records\n');
      return 0;
    }
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.stderr.write(`reconciling every ${intervalMs / 1000}s as ${actor}; SIGINT or SIGTERM to stop\n`);
    while (!stopped) {
      try {
        report(await pass(broker.store, api, actor, graceMs));
      } catch (e) {
        // One failed pass (API down, a race) must not stop the loop that enforces expiry.
        io.stderr.write(`reconcile pass failed: ${(e as Error).message}\n`);
      }
      const until = Date.now() + intervalMs;
      while (!stopped && Date.now() < until) await new Promise((r) => setTimeout(r, Math.min(200, until - Date.now())));
    }
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    api.close();
    await broker.close();
  }
}
