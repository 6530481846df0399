import type { CommandSpec } from './options.js';
import type { Readable, Writable } from 'node:stream';

/** What a command may touch; main() passes the real process streams, tests pass their own. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface Command {
  /** First word after `phiguard`, e.g. "scan" or "audit". */
  readonly name: string;
  /** Full usage text for `phiguard NAME --help`. */
  readonly usage: string;
  /** Every option spec the command parses (one per subcommand), when its options are data; the help test reads them. */
  readonly specs?: readonly CommandSpec[];
  /** The help for these arguments (a subcommand's own), when it differs from usage. */
  help?(argv: readonly string[]): string;
  /** Returns the exit code: 0 ok, 1 findings (or a failed check), 2 usage, config or input error. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** A usage error: main() prints the message and the command's usage and exits 2. */
export class UsageError extends Error {}
