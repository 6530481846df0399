import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass } from 'ajv';
import yaml from 'js-yaml';
import type { ScanConfig } from '../core/config.js';
import { DEFAULT_CONFIG } from '../core/config.js';
import { segmentsOf } from '../core/resource.js';
import { locateInBlockYaml, UNSUPPORTED } from '../sources/block-locator.js';
import { CONFIG_SCHEMA } from './schema.js';
import { parseDuration } from '../access/duration.js';

/** Break-glass must stay short; a longer standing emergency grant is ordinary access and goes through approval. */
const BREAK_GLASS_CEILING_SECONDS = 4 * 3600;

export const CONFIG_FILE_NAME = '.phiguard.yaml';

/** A configuration problem, with the file and line where it is. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

type RawConfig = Partial<Omit<ScanConfig, 'phiNamespaces' | 'thresholds' | 'waiverPolicy'>> & {
  waiverPolicy?: Partial<ScanConfig['waiverPolicy']>;
  phiNamespaces?: readonly string[] | Partial<ScanConfig['phiNamespaces']>;
  thresholds?: Partial<ScanConfig['thresholds']>;
};

function validDate(s: string): boolean {
  return !Number.isNaN(Date.parse(s));
}

/** Validates and merges a parsed config object over the defaults. Pure. */
export function configFromObject(raw: unknown, file: string, text: string): ScanConfig {
  if (raw === null || raw === undefined) return DEFAULT_CONFIG;
  // Loaded only when a configuration file exists, so plain scans do not pay for it at start-up.
  const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
  const ajv = new Ajv({ allErrors: true, formats: { 'date-time': validDate } });
  const validate = ajv.compile(CONFIG_SCHEMA);
  if (!validate(raw)) {
    // The deepest error says most; within one place, a concrete keyword beats the oneOf/type noise around it.
    const vague = (k: string): number => (k === 'oneOf' || k === 'anyOf' || k === 'type' ? 1 : 0);
    const err = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length || vague(a.keyword) - vague(b.keyword))[0];
    const property = err?.params && 'additionalProperty' in err.params ? String(err.params['additionalProperty']) : undefined;
    const pointer = (err?.instancePath ?? '') + (property !== undefined ? `/${property}` : '');
    const pos = locateInBlockYaml(text, 0, text.length, segmentsOf(pointer));
    const line = pos === UNSUPPORTED ? 1 : pos.line + 1;
    const where = err?.instancePath ? err.instancePath : 'the top level';
    throw new ConfigError(file, line, `${where} ${err?.message ?? 'is invalid'}${property !== undefined ? ` "${property}"` : ''}`);
  }
  const r = raw as RawConfig;
  const phiRaw = r.phiNamespaces;
  const listed = Array.isArray(phiRaw) ? (phiRaw as readonly string[]) : undefined;
  const detailed = listed ? undefined : (phiRaw as Partial<ScanConfig['phiNamespaces']> | undefined);
  for (const p of detailed?.patterns ?? []) {
    try {
      new RegExp(p);
    } catch {
      throw new ConfigError(file, 1, `phiNamespaces.patterns: "${p}" is not a valid regular expression`);
    }
  }
  const glass = r.access?.breakGlass?.maxDuration;
  if (glass !== undefined && (parseDuration(glass) ?? 0) > BREAK_GLASS_CEILING_SECONDS) {
    const pos = locateInBlockYaml(text, 0, text.length, ['access', 'breakGlass', 'maxDuration']);
    throw new ConfigError(file, pos === UNSUPPORTED ? 1 : pos.line + 1, `/access/breakGlass/maxDuration ${glass} is longer than 4h: break-glass is for a short, fixed emergency window`);
  }
  const phi = listed ? { ...DEFAULT_CONFIG.phiNamespaces, names: listed } : { ...DEFAULT_CONFIG.phiNamespaces, ...(detailed ?? {}) };
  return {
    ...DEFAULT_CONFIG,
    ...(r as Partial<ScanConfig>),
    phiNamespaces: phi,
    thresholds: { ...DEFAULT_CONFIG.thresholds, ...(r.thresholds ?? {}) },
    waiverPolicy: { ...DEFAULT_CONFIG.waiverPolicy, ...(r.waiverPolicy ?? {}) },
  };
}

/** Reads `explicit`, or .phiguard.yaml in cwd when present; no file means the defaults. */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<ScanConfig> {
  const file = explicit ?? path.join(cwd, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_CONFIG;
    throw new ConfigError(file, 0, `cannot read configuration (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = yaml.load(text, { filename: file });
  } catch (e) {
    const mark = (e as { mark?: { line?: number } }).mark;
    throw new ConfigError(file, (mark?.line ?? 0) + 1, (e as { reason?: string }).reason ?? (e as Error).message);
  }
  return configFromObject(raw, file, text);
}
