import type { Command } from './command.js';
import { scanCommand } from './scan.js';
import { accessCommand } from './access.js';
import { netpolCommand } from './netpol.js';
import { mapCommand } from './map.js';
import { generateCommand } from './generate.js';
import { controlsCommand } from './controls.js';
import { auditCommand } from './audit.js';

/** Every subcommand of the CLI; each lives in its own module. */
export const COMMANDS: readonly Command[] = [
  scanCommand,
  accessCommand,
  netpolCommand,
  mapCommand,
  generateCommand,
  controlsCommand,
  auditCommand,
];
