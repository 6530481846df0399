import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './corpus.js';

/** The text of a file under test/fixtures/. */
export function fixtureText(relative: string): string {
  return readFileSync(path.join(repoRoot(), 'test', 'fixtures', relative), 'utf8');
}
