import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';

function dirWith(text: string | undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-config-'));
  if (text !== undefined) writeFileSync(path.join(dir, '.phiguard.yaml'), text);
  return dir;
}

describe('loadConfig', () => {
  it('uses the defaults without a file', async () => {
    assert.deepEqual(await loadConfig(undefined, dirWith(undefined)), DEFAULT_CONFIG);
  });

  it('reads .phiguard.yaml and merges over the defaults', async () => {
    const c = await loadConfig(undefined, dirWith('phiNamespaces: [ehr]\nthresholds:\n  certificateWarnDays: 14\nfailOn: medium\n'));
    assert.deepEqual(c.phiNamespaces.names, ['ehr']);
    assert.equal(c.thresholds.certificateWarnDays, 14);
    assert.equal(c.thresholds.projectedTokenMaxSeconds, DEFAULT_CONFIG.thresholds.projectedTokenMaxSeconds);
    assert.equal(c.failOn, 'medium');
  });

  it('reads waiverPolicy and rejects a misspelt requirement', async () => {
    const c = await loadConfig(undefined, dirWith('waiverPolicy:\n  requireTicket: true\n'));
    assert.deepEqual(c.waiverPolicy, { requireTicket: true, requireExpiry: false });
    await assert.rejects(loadConfig(undefined, dirWith('waiverPolicy:\n  requireTickets: true\n')), (e: ConfigError) => e.line === 2 && /requireTickets/.test(e.message));
  });

  it('names the file and line of a typo or a bad value', async () => {
    const dir = dirWith('phiNamespaces:\n  names: [ehr]\n  patern: ["x"]\n');
    await assert.rejects(loadConfig(undefined, dir), (e: ConfigError) => e.line === 3 && /additional properties "patern"/.test(e.message));
    const bad = dirWith('waivers:\n  - control: PS-3\n    reason: x\n');
    await assert.rejects(loadConfig(undefined, bad), (e: ConfigError) => e.line === 2 && /control must match pattern/.test(e.message));
    const regex = dirWith('phiNamespaces:\n  patterns: ["(unclosed"]\n');
    await assert.rejects(loadConfig(undefined, regex), /not a valid regular expression/);
    const yamlErr = dirWith('phiNamespaces: [ehr\n');
    await assert.rejects(loadConfig(undefined, yamlErr), ConfigError);
    await assert.rejects(loadConfig('missing.yaml', dir), /cannot read configuration/);
  });
});
