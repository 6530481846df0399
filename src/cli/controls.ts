import { CONTROLS, safeguardOf } from '../catalog/index.js';
import { RULES } from '../rules/index.js';
import { AL_CONTROLS } from '../audit/detect/detector.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { defineCommand, helpText, parseCommand } from './options.js';

export const CONTROLS_SPEC = defineCommand({
  name: 'controls',
  synopsis: '',
  summary: `Lists every control: id, severity, HIPAA citations, what input evaluates it, whether
this version has a rule for it and where it is evaluated (phiguard scan, phiguard audit
detect, or a person). A control without a rule reports as not-evaluated in scans.`,
  options: {
    format: { type: 'string', short: 'f', value: 'text|json', help: 'output format (default text)' },
    status: { type: 'string', value: 'implemented|missing', help: 'only the controls this version implements, or only the others' },
  },
});

export const controlsCommand: Command = {
  name: 'controls',
  usage: helpText(CONTROLS_SPEC),
  specs: [CONTROLS_SPEC],
  async run(argv, io) {
    const { values, positionals } = parseCommand(CONTROLS_SPEC, argv);
    // controls takes no positional argument (the same words node:util parseArgs used to say it in).
    if (positionals[0] !== undefined) throw new UsageError(`Unexpected argument '${positionals[0]}'. This command does not take positional arguments`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
    if (values.status !== undefined && values.status !== 'implemented' && values.status !== 'missing') throw new UsageError('--status must be implemented or missing');
    const byScan = new Set(RULES.map((r) => r.meta.id));
    // The HK-AL detections run over the audit trail, not over manifests.
    const byAudit = new Set(AL_CONTROLS);
    const implemented = new Set([...byScan, ...byAudit]);
    const rows = CONTROLS.map((c) => ({
      id: c.id,
      title: c.title,
      severity: c.severity,
      hipaa: c.hipaa,
      safeguard: safeguardOf(c),
      scope: c.scope,
      status: implemented.has(c.id) ? 'implemented' : c.scope.every((s) => s === 'E') ? 'manual' : 'not-implemented',
      evaluatedBy: byScan.has(c.id) ? 'phiguard scan' : byAudit.has(c.id) ? 'phiguard audit detect' : c.scope.every((s) => s === 'E') ? 'a person (attestation)' : null,
      needs: RULES.find((r) => r.meta.id === c.id)?.meta.needs ?? (byAudit.has(c.id) ? 'API audit events (phiguard audit import, then audit detect)' : null),
    })).filter((r) => values.status === undefined || (values.status === 'implemented') === (r.status === 'implemented'));
    if (format === 'json') {
      io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      return 0;
    }
    for (const r of rows) {
      io.stdout.write(`${r.id}  ${r.severity.padEnd(8)} ${r.status.padEnd(15)} ${(r.evaluatedBy ?? '-').padEnd(22)} ${r.title}  [${r.hipaa.join(', ')}]\n`);
    }
    io.stdout.write(`\n${implemented.size} of ${CONTROLS.length} controls have a rule.\n`);
    return 0;
  },
};
