import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTROLS } from '../src/catalog/index.js';
import { renderControlPage } from './control-page.js';

/** Rewrites (--write) or checks each docs/controls page's catalog-made parts; exits 1 when a page is out of date. */
const docs = fileURLToPath(new URL('../../docs/controls/', import.meta.url));
const write = process.argv.includes('--write');
let stale = 0;
for (const control of CONTROLS) {
  const file = join(docs, `${control.id}.md`);
  // A control without a page is the meta-test's concern, not this script's.
  if (!existsSync(file)) continue;
  const page = readFileSync(file, 'utf8');
  const want = renderControlPage(control, page);
  if (want === page) continue;
  stale++;
  if (write) writeFileSync(file, want);
  else process.stderr.write(`docs/controls/${control.id}.md differs from the catalog\n`);
}
process.stderr.write(write ? `rewrote ${stale} page(s)\n` : stale > 0 ? `${stale} page(s) out of date: run node build/scripts/control-docs.js --write\n` : 'every page matches the catalog\n');
process.exitCode = !write && stale > 0 ? 1 : 0;
