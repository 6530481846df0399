import { auditCommand } from '../../src/cli/audit.js';
import { UsageError } from '../../src/cli/command.js';

/** Runs `phiguard audit ...` in a child process without the rest of the CLI, for the crash and receiver tests. */
const code = await auditCommand.run(process.argv.slice(2), {
  stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(),
}).catch((e: unknown) => {
  process.stderr.write(`${e instanceof UsageError ? 'usage: ' : ''}${(e as Error).message}\n`);
  return 2;
});
process.exitCode = code;
