import { roleText } from '../../access/policy.js';
import { isClosed } from '../../access/state.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import { parseCommand } from '../options.js';
import { loadStates, openBroker } from './context.js';
import { LIST_SPEC } from './specs.js';

export async function runList(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(LIST_SPEC, argv);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  const broker = await openBroker(io, values);
  try {
    const states = [...(await loadStates(broker.store)).values()].filter((s) => values.all === true || !isClosed(s));
    if (format === 'json') {
      io.stdout.write(JSON.stringify(states.map(({ records: _r, ...s }) => s), null, 2) + '\n');
      return 0;
    }
    if (states.length === 0) io.stdout.write(values.all ? 'No access requests in the trail.\n' : 'No open access requests (--all shows closed ones).\n');
    for (const s of states) {
      const when = s.status === 'granted' ? ` until ${s.expires ?? '?'}` : s.endedAt !== undefined ? ` at ${s.endedAt}` : '';
      const review = s.breakGlass ? (s.reviews.length > 0 ? ` reviewed by ${s.reviews.map((r) => r.by).join(', ')}` : ' NOT REVIEWED') : '';
      io.stdout.write(`${s.id}  ${s.breakGlass ? 'BREAK-GLASS ' : ''}${s.status}${when}  ${s.requester} → ${roleText(s.role)} in ${s.namespace}` +
        `  approvers: ${s.approvers.join(', ') || '-'} (${s.approvers.length}/${s.approvalsRequired})${review}\n    reason: ${s.reason ?? '-'}${s.ticket !== undefined ? `  ticket: ${s.ticket}` : ''}\n`);
    }
    return 0;
  } finally {
    await broker.close();
  }
}
