import type { Command } from './command.js';
import { scanCommand } from './scan.js';
import { controlsCommand } from './controls.js';
import { auditCommand } from './audit.js';

/** Every subcommand of the CLI; each lives in its own module. */
export const COMMANDS: readonly Command[] = [
  scanCommand,
  controlsCommand,
  auditCommand,
];
