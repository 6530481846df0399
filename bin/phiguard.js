#!/usr/bin/env node
import { existsSync } from 'node:fs';

// The bundle (npm run build) starts faster; the compiled modules serve when it is absent.
const bundle = new URL('../build/bundle/main.js', import.meta.url);
// A reader that went away (`phiguard scan | head`) ends the run quietly, as it would for any Unix filter.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import(existsSync(bundle) ? bundle.href : '../build/src/cli/main.js');

process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
