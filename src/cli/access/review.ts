import { recordBase } from '../../access/state.js';
import type { CliIo } from '../command.js';
import { parseCommand } from '../options.js';
import { AccessRefused, appendRecord, identityOf, nowText, openBroker, requireState } from './context.js';
import { oneId } from './decide.js';
import { need } from './request.js';
import { REVIEW_SPEC } from './specs.js';

export async function runReview(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(REVIEW_SPEC, argv);
  const id = oneId(positionals);
  const note = need(values.note, '--note');
  const broker = await openBroker(io, values);
  try {
    const who = await identityOf(io, values, broker);
    const s = await requireState(broker.store, id);
    if (who === s.requester) throw new AccessRefused(`${who} used this grant and cannot review it; someone else must`);
    await appendRecord(broker.store, { ...recordBase(s), action: 'reviewed', actor: who, at: nowText(), note }, s.steps);
    io.stdout.write(`request ${id}: review by ${who} recorded\n`);
    return 0;
  } finally {
    await broker.close();
  }
}
