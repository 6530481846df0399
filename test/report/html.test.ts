import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { formatHtml } from '../../src/report/html.js';
import { formatText } from '../../src/report/text.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';

const NOW = '2026-11-01T00:00:00Z';
const TOOL = { name: 'phiguard', version: '0.0.0-test' };
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ehr\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n';

describe('HTML report waivers', () => {
  it('shows each waiver record and lists those expiring within 30 days separately', () => {
    const first = evaluateTexts([{ file: 'p.yaml', text: POD }], RULES, { ...DEFAULT_CONFIG, now: NOW });
    const controls = [...new Set(first.findings.map((f) => f.control))];
    assert.ok(controls.length >= 2, 'the pod fails at least two controls');
    const [soon, later] = controls as [string, string];
    const config = {
      ...DEFAULT_CONFIG, now: NOW,
      waivers: [
        { control: soon, reason: 'vendor image <needs> root', approver: 'CISO Jane Roe', compensatingControl: 'node isolated in its own pool', ticket: 'SEC-1', expires: '2026-11-20T00:00:00Z' },
        { control: later, reason: 'migration', approver: 'Privacy Officer', compensatingControl: 'weekly manual review', expires: '2027-06-01T00:00:00Z' },
      ],
    };
    const { parsed: _p, ...result } = evaluateTexts([{ file: 'p.yaml', text: POD }], RULES, config);
    assert.ok(result.waived.length >= 2);
    const html = formatHtml({ tool: TOOL, result }, { color: false, now: NOW });
    assert.match(html, /Expiring within 30 days \(\d+\)/);
    const expiringPart = html.slice(html.indexOf('Expiring within 30 days'), html.indexOf('All waived findings'));
    assert.ok(expiringPart.includes('SEC-1') && expiringPart.includes('CISO Jane Roe') && expiringPart.includes('node isolated in its own pool'));
    assert.ok(!expiringPart.includes('weekly manual review'), 'a waiver expiring in 7 months is not expiring soon');
    assert.ok(html.includes('vendor image &lt;needs&gt; root'), 'waiver text is escaped');
    assert.ok(!html.includes('<needs>'));
    const text = formatText({ tool: TOOL, result }, { color: false });
    assert.match(text, /compensating control: weekly manual review; approved by Privacy Officer; expires 2027-06-01/);
  });
});

describe('HTML report findings', () => {
  it('lists the findings folded into one (same root cause) and quotes no evidence without a context', () => {
    const { parsed: _p, ...result } = evaluateTexts([{ file: 'p.yaml', text: POD }], RULES, { ...DEFAULT_CONFIG, now: NOW });
    const [first, second, third, ...rest] = result.findings;
    assert.ok(first && second && third);
    const folded = [second, third].map((f) => ({ control: f.control, severity: f.severity, message: f.message, path: f.path, ...(f.resource ? { resource: f.resource } : {}), ...(f.location ? { location: f.location } : {}) }));
    const html = formatHtml({ tool: TOOL, result: { ...result, findings: [{ ...first, related: folded }, ...rest] } }, { color: false, now: NOW });
    assert.match(html, /Same cause: 2 more/);
    for (const f of folded) assert.ok(html.includes(`<code>${f.control}</code> <span class="sev sev-${f.severity}">`), `${f.control} is listed under the finding it folds into`);
    assert.doesNotMatch(html, /<pre class="ev">/);
  });
});
