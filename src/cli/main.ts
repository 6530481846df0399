import { ConfigError } from '../config/load.js';
import type { CliIo } from './command.js';
import { UsageError } from './command.js';
import { COMMANDS } from './commands.js';
import { tuneJitForBatchRun } from './jit-tuning.js';
import { toolInfo } from './tool-info.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `phiguard — prove and enforce the HIPAA Security Rule's technical safeguards on Kubernetes

Usage: phiguard COMMAND [options]   (phiguard COMMAND --help for a command's options)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
`;
}

/** The CLI: argv in, exit code out. The only place that decides exit codes; nothing calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${toolInfo().version}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`phiguard: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (entry.batch) tuneJitForBatchRun();
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write((command.help?.(rest) ?? command.usage) + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`phiguard ${command.name}: ${e.message}\n\n${command.help?.(rest) ?? command.usage}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`phiguard: configuration error: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`phiguard ${command.name}: ${(e as Error).message}\n`);
    return 2;
  }
}
