import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/cli/commands.js';
import { helpText, parseCommand } from '../../src/cli/options.js';
import type { CommandSpec } from '../../src/cli/options.js';
import { runCli } from '../support/cli.js';

/** Every `--flag` a help text mentions. */
function flagsIn(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1] ?? ''));
}

/** Arguments that give every option of the spec once, with a value where it takes one. */
function everyOption(spec: CommandSpec): string[] {
  return Object.entries(spec.options).flatMap(([name, o]) => (o.type === 'string' ? [`--${name}`, 'x'] : [`--${name}`]));
}

describe('help lists exactly what the parser accepts', () => {
  it('for every command and subcommand whose options are data', async () => {
    let checked = 0;
    for (const entry of COMMANDS) {
      const command = await entry.load();
      assert.ok((command.specs ?? []).length > 0, `phiguard ${entry.name} declares its options as data (specs)`);
      for (const spec of command.specs ?? []) {
        checked++;
        const words = spec.name.split(' ').slice(1);
        const shown = await runCli([...spec.name.split(' '), '--help']);
        assert.equal(shown.code, 0, spec.name);
        assert.equal(shown.stdout, helpText(spec) + '\n', `phiguard ${spec.name} --help prints its own spec`);
        assert.equal(command.help?.(words) ?? command.usage, helpText(spec));
        const inHelp = flagsIn(shown.stdout);
        // Parser to help: every declared option is accepted and shown.
        assert.doesNotThrow(() => parseCommand(spec, everyOption(spec)), spec.name);
        for (const [name, o] of Object.entries(spec.options)) {
          assert.ok(inHelp.has(name), `${spec.name}: --${name} is parsed but not in --help`);
          if (o.short !== undefined) assert.match(shown.stdout, new RegExp(`-${o.short}, --${name}\\b`), `${spec.name}: -${o.short}`);
        }
        // Help to parser: every flag the help mentions is one the parser accepts.
        for (const flag of inHelp) {
          if (flag === 'help') continue;
          const o = spec.options[flag];
          assert.ok(o, `${spec.name}: --help mentions --${flag}, which the parser refuses`);
          assert.doesNotThrow(() => parseCommand(spec, o.type === 'string' ? [`--${flag}`, 'x'] : [`--${flag}`]), `${spec.name} --${flag}`);
        }
      }
    }
    assert.ok(checked >= COMMANDS.length + 8 + 9, `checked ${checked} specs`);
  });

  it('a group lists each subcommand with the first sentence of its summary', async () => {
    const audit = await (COMMANDS.find((c) => c.name === 'audit')?.load());
    const shown = await runCli(['audit', '--help']);
    assert.equal(shown.code, 0);
    for (const spec of audit?.specs ?? []) {
      const sub = spec.name.split(' ')[1] ?? '';
      const first = spec.summary.split(/\.(\s|$)/)[0] ?? '';
      assert.ok(shown.stdout.includes(`  ${sub.padEnd(13)}${first}\n`), `audit --help lists ${sub}`);
    }
    assert.equal((audit?.specs ?? []).length, 9);
  });

  it('a usage error in a subcommand prints that subcommand\'s help', async () => {
    const r = await runCli(['audit', 'verify', '--nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: phiguard audit verify \[options\]/);
  });
});
