import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/cli/command.js';
import { defineCommand, helpText, parseCommand } from '../../src/cli/options.js';

const spec = defineCommand({
  name: 'demo run',
  synopsis: 'PATH...',
  summary: 'Runs the demo.',
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', help: 'text or json' },
    'phi-namespace': { type: 'string', multiple: true, value: 'NS', help: 'a PHI namespace' },
    watch: { type: 'boolean', help: 'keep going' },
  },
  notes: ['Exit codes: 0 ok.'],
});

describe('command options as data', () => {
  it('parses typed values and positionals from the spec', () => {
    const { values, positionals } = parseCommand(spec, ['-f', 'json', '--phi-namespace', 'a', '--phi-namespace', 'b', '--watch', 'x.yaml']);
    assert.equal(values.format, 'json');
    assert.deepEqual(values['phi-namespace'], ['a', 'b']);
    assert.equal(values.watch, true);
    assert.deepEqual(positionals, ['x.yaml']);
  });

  it('refuses an option the spec does not declare, as a usage error', () => {
    assert.throws(() => parseCommand(spec, ['--force']), UsageError);
  });

  it('prints every declared option, its placeholder and its help', () => {
    const text = helpText(spec);
    assert.match(text, /^Usage: phiguard demo run PATH\.\.\. \[options\]/);
    assert.match(text, /-f, --format FORMAT\s+text or json/);
    assert.match(text, /--phi-namespace NS \(repeatable\)\s+a PHI namespace/);
    assert.match(text, /--watch\s+keep going/);
    assert.match(text, /Exit codes: 0 ok\.$/);
  });
});
