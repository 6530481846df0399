import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AccessRecord } from '../../access/grant.js';
import { foldAll } from '../../access/state.js';
import { addActivity, breakGlassUses } from '../../access/break-glass-review.js';
import { bindingFacts } from '../../audit/detect/bindings.js';
import { DEFAULT_DETECT_OPTIONS } from '../../audit/detect/options.js';
import { createReview } from '../../audit/review.js';
import type { ReviewFormat } from '../../audit/review-format.js';
import { formatReview } from '../../audit/review-format.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import { list, str } from './args.js';
import { PERIOD_OPTIONS, inPeriod, periodFrom } from './period.js';
import { BINDINGS_OPTIONS, SCOPE_OPTIONS, manifests, phiPredicate } from './scope.js';
import { STORE_OPTION, forEachView, storeFrom } from './store-options.js';

const spec = defineCommand({
  name: 'audit review',
  synopsis: '',
  summary: 'The periodic activity review (164.308(a)(1)(ii)(D)): who read and changed PHI, privileged and break-glass use, and the quarantine.',
  options: {
    ...STORE_OPTION,
    ...PERIOD_OPTIONS,
    format: { type: 'string', value: 'text|json|html|csv', help: 'output format (default text)' },
    out: { type: 'string', value: 'FILE', help: 'write the review here (default stdout)' },
    ...SCOPE_OPTIONS,
    ...BINDINGS_OPTIONS,
  },
});

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(spec, argv);
  const format = (str(values, 'format') ?? 'text') as ReviewFormat;
  if (!['text', 'json', 'html', 'csv'].includes(format)) throw new UsageError('--format must be text, json, html or csv');
  const period = periodFrom(values, Date.now());
  const scope = phiPredicate(io, values);
  const facts = bindingFacts(manifests(io, list(values, 'bindings')));
  const review = createReview({
    since: period.since, until: period.until, isPhi: scope.isPhi, includeUntimed: period.whole,
    breakGlassGroups: [...DEFAULT_DETECT_OPTIONS.breakGlassGroups, ...list(values, 'break-glass-group'), ...facts.breakGlassGroups],
    breakGlassUsers: facts.breakGlassUsers,
  });
  const store = await storeFrom(io, values);
  const records: AccessRecord[] = [];
  let uses: ReturnType<typeof breakGlassUses> = [];
  try {
    await forEachView(store, 0, (v) => review.add(v), (r) => records.push(r));
    // A second pass matches what each break-glass identity did in its window (records may follow the events in the log).
    uses = breakGlassUses(foldAll(records).values()).filter((u) => inPeriod(period, Date.parse(u.from)) || inPeriod(period, Date.parse(u.to)));
    if (uses.length > 0) await forEachView(store, 0, (v) => addActivity(uses, v));
    for (const q of await store.quarantine()) {
      review.quarantined({
        id: q.id, receivedAt: q.receivedAt, source: q.source, reason: q.reason,
        ...(q.auditId !== undefined ? { auditID: q.auditId } : {}), ...(q.stage !== undefined ? { stage: q.stage } : {}),
        ...(q.conflictsWith !== undefined ? { conflictsWith: q.conflictsWith } : {}),
      });
    }
  } finally {
    await store.close();
  }
  const text = formatReview({ ...review.report(), breakGlassUses: uses }, format);
  const file = str(values, 'out');
  if (file) writeFileSync(resolve(io.cwd, file), text);
  else io.stdout.write(text);
  io.stderr.write(`${scope.describe}\n`);
  return 0;
}

/** `phiguard audit review`. */
export const reviewSubcommand: Subcommand = { spec, run };
