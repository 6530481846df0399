import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './corpus.js';

/** The ```yaml block under a "## <heading>" of a docs page. */
export function exampleUnder(page: string, heading: string): string | undefined {
  const at = page.indexOf(`## ${heading}`);
  if (at < 0) return undefined;
  const m = /```ya?ml\n([\s\S]*?)```/.exec(page.slice(at));
  return m?.[1];
}

/** The example under `heading` of docs/controls/<id>.md; throws when the page has none. */
export function docsExample(id: string, heading: string): string {
  const example = exampleUnder(readFileSync(path.join(repoRoot(), 'docs', 'controls', `${id}.md`), 'utf8'), heading);
  if (example === undefined) throw new Error(`docs/controls/${id}.md has no yaml block under "## ${heading}"`);
  return example;
}
