import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AccessRecord } from '../../access/grant.js';
import { foldAll } from '../../access/state.js';
import { unreviewedBreakGlass } from '../../access/break-glass-review.js';
import { bindingFacts } from '../../audit/detect/bindings.js';
import { createDetector } from '../../audit/detect/detector.js';
import type { DetectOptions } from '../../audit/detect/options.js';
import { DEFAULT_DETECT_OPTIONS } from '../../audit/detect/options.js';
import type { ControlResult, Finding } from '../../core/finding.js';
import { parseCidr } from '../../core/ip.js';
import type { IpRange } from '../../core/ip.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import type { Opts } from './args.js';
import { int, list, str } from './args.js';
import { alertLine, renderFindings } from './detect-report.js';
import { PERIOD_OPTIONS, inPeriod, periodFrom, periodText } from './period.js';
import { BINDINGS_OPTIONS, SCOPE_OPTIONS, manifests, phiPredicate } from './scope.js';
import { STORE_OPTION, forEachView, storeFrom } from './store-options.js';

const spec = defineCommand({
  name: 'audit detect',
  synopsis: '',
  summary: 'Runs the HK-AL detections over the trail (or, with --follow, over new events as they arrive) and reports findings as scan does.',
  options: {
    ...STORE_OPTION,
    ...PERIOD_OPTIONS,
    format: { type: 'string', value: 'text|json|sarif', help: 'output format (default text)' },
    out: { type: 'string', value: 'FILE', help: 'write the report here (default stdout)' },
    follow: { type: 'boolean', help: 'keep reading new events and print each finding as it is found' },
    interval: { type: 'string', value: 'SEC', help: 'with --follow, seconds between reads (default 1)' },
    ...SCOPE_OPTIONS,
    ...BINDINGS_OPTIONS,
    'super-user': { type: 'string', multiple: true, value: 'U', help: 'a user expected to hold cluster-wide power' },
    impersonator: { type: 'string', multiple: true, value: 'U', help: 'a user allowed to impersonate' },
    'cluster-cidr': { type: 'string', multiple: true, value: 'CIDR', help: 'addresses inside the cluster (requests from elsewhere are external)' },
    'gap-minutes': { type: 'string', value: 'N', help: 'a silence longer than N minutes is a gap in the trail' },
    'dormant-days': { type: 'string', value: 'N', help: 'an account unused for N days is dormant' },
  },
});

export function detectOptionsFrom(io: CliIo, values: Opts): DetectOptions {
  const scope = phiPredicate(io, values);
  const bindingFiles = list(values, 'bindings');
  const facts = bindingFacts(manifests(io, bindingFiles));
  const cidrs: IpRange[] = [];
  for (const c of list(values, 'cluster-cidr')) {
    const p = parseCidr(c);
    if (!p) throw new UsageError(`--cluster-cidr ${c} is not a CIDR`);
    cidrs.push(p);
  }
  const d = DEFAULT_DETECT_OPTIONS;
  return {
    ...d,
    isPhi: scope.isPhi,
    breakGlassGroups: [...d.breakGlassGroups, ...list(values, 'break-glass-group'), ...facts.breakGlassGroups],
    breakGlassUsers: facts.breakGlassUsers,
    breakGlassBindings: facts.breakGlassBindings,
    superUsers: [...d.superUsers, ...list(values, 'super-user')],
    impersonators: list(values, 'impersonator'),
    clusterCidrs: cidrs.length > 0 ? cidrs : d.clusterCidrs,
    gapMs: int(values, 'gap-minutes', d.gapMs / 60_000, 1) * 60_000,
    dormantDays: int(values, 'dormant-days', d.dormantDays, 1),
    ...(bindingFiles.length > 0 ? { bindings: facts.subjects } : {}),
  };
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(spec, argv);
  const format = str(values, 'format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError('--format must be text, json or sarif');
  const opts = detectOptionsFrom(io, values);
  const period = periodFrom(values, Date.now());
  const detector = createDetector(opts, { live: values['follow'] === true });
  const findings: Finding[] = [];
  const records: AccessRecord[] = [];
  let first = Infinity;
  let last = -Infinity;
  const store = await storeFrom(io, values);
  try {
    if (values['follow']) {
      const interval = int(values, 'interval', 1, 0.05) * 1000;
      let next = await store.size();
      io.stderr.write(`following ${store.location} from entry ${next}; Ctrl-C to stop\n`);
      let stopped = false;
      const stop = (): void => {
        stopped = true;
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let found = 0;
      while (!stopped) {
        next = await forEachView(store, next, (v) => {
          for (const f of detector.observe(v)) {
            found++;
            io.stdout.write(format === 'text' ? alertLine(f) : JSON.stringify(f) + '\n');
          }
        });
        await new Promise((r) => setTimeout(r, interval));
      }
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      return found > 0 ? 1 : 0;
    }
    await forEachView(store, 0, (v) => {
      if (!inPeriod(period, v.time)) return;
      if (!Number.isNaN(v.time)) {
        first = Math.min(first, v.time);
        last = Math.max(last, v.time);
      }
      for (const f of detector.observe(v)) findings.push(f);
    }, (r) => records.push(r));
    for (const q of await store.quarantine()) {
      if (q.conflictsWith === undefined || !inPeriod(period, Date.parse(q.receivedAt))) continue;
      findings.push(...detector.observeConflict({ id: q.id, auditID: q.auditId ?? '', stage: q.stage ?? '', entry: q.conflictsWith, receivedAt: q.receivedAt, source: q.source }));
    }
  } finally {
    await store.close();
  }
  const finished = detector.finish();
  for (const f of finished.findings) findings.push(f);
  // HK-AL-006 also for each break-glass grant of the broker that has no post-hoc review recorded.
  const unreviewed = unreviewedBreakGlass([...foldAll(records).values()].filter((s) => inPeriod(period, Date.parse(s.requestedAt))));
  findings.push(...unreviewed);
  const done = unreviewed.length === 0 ? finished
    : { ...finished, controls: finished.controls.map((c): ControlResult => (c.id === 'HK-AL-006' ? { id: c.id, status: 'fail' } : c)) };
  const note = periodText(period, first, last);
  if (format !== 'text') io.stderr.write(`${note}\n`);
  const text = renderFindings(findings, done.controls, format) + (format === 'text' ? `${note}\n` : '');
  const file = str(values, 'out');
  if (file) writeFileSync(resolve(io.cwd, file), text);
  else io.stdout.write(text);
  return findings.length > 0 ? 1 : 0;
}

/** `phiguard audit detect`. */
export const detectSubcommand: Subcommand = { spec, run };
