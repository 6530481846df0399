import type { Control } from '../src/catalog/control.js';

/** The line that ends the generated header of a docs page; everything above it comes from the catalog. */
export const HEADER_END = '<!-- Header above generated from src/catalog/controls.ts: edit the catalog, then run node build/scripts/control-docs.js --write -->';

const NO_REFERENCES = 'None listed in the design catalog.';

/** The first paragraph of text after `heading` in `body`, as [start, end] offsets; undefined when the section is missing. */
function firstParagraph(body: string, heading: string): [number, number] | undefined {
  const at = body.indexOf(`\n${heading}\n\n`);
  if (at === -1) return undefined;
  const start = at + heading.length + 3;
  const end = body.indexOf('\n\n', start);
  return [start, end === -1 ? body.length : end];
}

function replaceParagraph(body: string, heading: string, text: string): string {
  const p = firstParagraph(body, heading);
  if (p) return body.slice(0, p[0]) + text + body.slice(p[1]);
  return `${body.replace(/\n*$/, '')}\n\n${heading}\n\n${text}\n`;
}

/**
 * The page as the catalog gives it: title, citations, severity and summary at the top; the first paragraph of
 * Remediation and the References section at the bottom. The hand-written rest (evaluated-from note, rationale,
 * examples, how to run it) is kept as it is.
 */
export function renderControlPage(control: Control, page: string): string {
  const firstSection = page.search(/^## /m);
  const head = firstSection === -1 ? page : page.slice(0, firstSection);
  let body = firstSection === -1 ? '' : page.slice(firstSection);
  const end = head.indexOf(HEADER_END);
  const lines = head.split('\n');
  const meta = lines.find((l) => l.startsWith('**HIPAA:**')) ?? '';
  // "Evaluated from" names the inputs in words the catalog's scope letters do not carry: it stays hand-written.
  const evaluated = /( · \*\*Evaluated from:\*\* .*)$/.exec(meta)?.[1] ?? '';
  const rationale = end !== -1
    ? head.slice(end + HEADER_END.length).trim()
    : lines.filter((l) => !l.startsWith('# ') && !l.startsWith('**HIPAA:**')).join('\n').trim();
  const header = [
    `# ${control.id}: ${control.title}`,
    '',
    `**HIPAA:** ${control.hipaa.join(', ')} · **Severity:** ${control.severity}${evaluated}`,
    '',
    control.summary,
    '',
    HEADER_END,
    '',
    ...(rationale ? [rationale, ''] : []),
  ].join('\n');
  body = replaceParagraph(body, '## Remediation', control.remediation);
  body = replaceParagraph(body, '## References', control.references.length > 0 ? control.references.join(', ') : NO_REFERENCES);
  return header + '\n' + body.replace(/\n*$/, '\n');
}
