import { parseArgs } from 'node:util';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';

/** One command-line option, declared once: the parser and the help text are both made from it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder shown in help for a string option, e.g. FILE. */
  readonly value?: string;
  readonly help: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A command (or subcommand) as data: what `--help` prints and what the parser accepts come from here. */
export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** Words after `phiguard`, e.g. "audit verify". */
  readonly name: string;
  /** Positional part of the synopsis, e.g. "PATH..." ('' for none). */
  readonly synopsis: string;
  /** One paragraph said under the synopsis. */
  readonly summary: string;
  readonly options: O;
  /** Extra lines after the options (exit codes, formats). */
  readonly notes?: readonly string[];
}

type ValueOf<S extends OptionSpec> = S extends { type: 'boolean' } ? boolean : S extends { multiple: true } ? string[] : string;

export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]?: ValueOf<O[K]> };

export interface ParsedCommand<O extends OptionSpecs> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

/** Keeps the literal option types so `parseCommand` can type the values it returns. */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** Parses argv strictly against the spec; an unknown or malformed option is a UsageError. */
export function parseCommand<O extends OptionSpecs>(spec: CommandSpec<O>, argv: readonly string[]): ParsedCommand<O> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = { type: o.type, ...(o.short !== undefined ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  try {
    const r = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: r.values as OptionValues<O>, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The left column of one option in help: `-f, --format FORMAT`. */
export function optionLabel(name: string, o: OptionSpec): string {
  const flag = `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
  return o.short !== undefined ? `-${o.short}, ${flag}` : `    ${flag}`;
}

/** The usage text for `--help`, made from the same data the parser uses. */
export function helpText(spec: CommandSpec): string {
  const lines = [`Usage: phiguard ${spec.name}${spec.synopsis ? ` ${spec.synopsis}` : ''} [options]`, '', spec.summary];
  const entries = Object.entries(spec.options);
  if (entries.length > 0) {
    const labels = entries.map(([name, o]) => optionLabel(name, o) + (o.multiple ? ' (repeatable)' : ''));
    const width = Math.min(40, Math.max(...labels.map((l) => l.length)) + 2);
    lines.push('', 'Options:');
    entries.forEach(([, o], i) => {
      const label = labels[i] ?? '';
      lines.push(label.length + 2 > width ? `  ${label}\n  ${' '.repeat(width)}${o.help}` : `  ${label.padEnd(width)}${o.help}`);
    });
  }
  if (spec.notes && spec.notes.length > 0) lines.push('', ...spec.notes);
  return lines.join('\n');
}

/** A subcommand: its spec (for the parser and `--help`) and what it does. */
export interface Subcommand {
  readonly spec: CommandSpec;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** A command made of subcommands (`phiguard audit verify`); its help lists each one from the subcommand's own spec. */
export interface GroupSpec {
  readonly name: string;
  readonly summary: string;
  readonly subcommands: Readonly<Record<string, Subcommand>>;
  readonly notes?: readonly string[];
}

/** The first sentence of a summary: the one line a group's help shows for a subcommand. */
export function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end);
}

/** `phiguard audit --help`: the subcommands with one-line summaries, then the group's notes. */
export function groupHelpText(group: GroupSpec): string {
  const names = Object.keys(group.subcommands);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const lines = [`Usage: phiguard ${group.name} SUBCOMMAND [options]   (phiguard ${group.name} SUBCOMMAND --help for its options)`, '', group.summary, '', 'Subcommands:'];
  for (const [name, sub] of Object.entries(group.subcommands)) lines.push(`  ${name.padEnd(width)}${firstSentence(sub.spec.summary)}`);
  if (group.notes && group.notes.length > 0) lines.push('', ...group.notes);
  return lines.join('\n');
}

/** The Command for a group: dispatches to the subcommand named first, and gives each subcommand its own `--help`. */
export function groupCommand(group: GroupSpec): Command {
  return {
    name: group.name,
    usage: groupHelpText(group),
    specs: Object.values(group.subcommands).map((s) => s.spec),
    help(argv) {
      const sub = argv[0] !== undefined ? group.subcommands[argv[0]] : undefined;
      return sub ? helpText(sub.spec) : groupHelpText(group);
    },
    async run(argv, io) {
      const [name, ...rest] = argv;
      const sub = name !== undefined && Object.hasOwn(group.subcommands, name) ? group.subcommands[name] : undefined;
      if (!sub) throw new UsageError(name ? `unknown subcommand "${name}"` : 'give a subcommand');
      return sub.run(rest, io);
    },
  };
}
