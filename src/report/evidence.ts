import { maskCommandLine } from '../audit/command-mask.js';
import type { Finding } from '../core/finding.js';
import { credentialInValue, detectCredential } from '../rules/support/secret-detectors.js';

/** The offending source lines of one finding, values that may be secret already masked. */
export interface EvidenceSnippet {
  readonly file: string;
  /** 1-based number of the first line. */
  readonly first: number;
  /** Index in `lines` of the line the finding points at. */
  readonly focus: number;
  readonly lines: readonly string[];
  /** Lines of the same block left out to keep the report small. */
  readonly more: number;
}

/** Snippets by `file:line`; findings on the same line share one. */
export type EvidenceIndex = ReadonlyMap<string, EvidenceSnippet>;

export const MASK = '*** (masked)';
const MAX_LINES = 4;
/** Lines above the finding's own, so a bare `name: x` shows what it names. */
const BEFORE = 2;
const MAX_CHARS = 160;
/** Keys of a Secret whose values say what it is, not what it holds; every other value in a Secret is masked. */
const SECRET_SAFE_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'type', 'immutable', 'data', 'stringData', 'labels', 'annotations', 'items']);
const KEY_LINE = /^(\s*(?:-\s+)?)(["']?)([^"'\s:#][^"':#]*?)\2\s*:(?:\s+(.*?))?\s*$/;

export function evidenceKey(file: string, line: number): string {
  return `${file}:${line}`;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function unquote(v: string): string {
  return v.replace(/^(["'])(.*)\1,?$/, '$2').replace(/,$/, '');
}

/** The env-style name a `value:` line belongs to: `- name: X` just above it, in the same item. */
function nameAbove(lines: readonly string[], index: number): string | undefined {
  const own = indentOf(lines[index] ?? '');
  for (let i = index - 1; i >= Math.max(0, index - 4); i--) {
    const m = KEY_LINE.exec(lines[i] ?? '');
    if (!m) return undefined;
    if (m[3] === 'name' && m[4]) return unquote(m[4]);
    if (indentOf(lines[i] ?? '') < own - 2) return undefined;
  }
  return undefined;
}

/** Whether a line sits under a `data:` or `stringData:` key (its nearest less-indented lines, up to the object's root). */
function underData(lines: readonly string[], index: number): boolean {
  let indent = indentOf(lines[index] ?? '');
  for (let i = index - 1; i >= 0 && indent > 0; i--) {
    const l = lines[i] ?? '';
    if (l.startsWith('---')) return false;
    if (l.trim() === '' || indentOf(l) >= indent) continue;
    indent = indentOf(l);
    const key = KEY_LINE.exec(l)?.[3];
    if (key === 'data' || key === 'stringData') return true;
    if (/^\s*-\s/.test(l)) return false;
  }
  return false;
}

/** One source line as the report may show it: no Secret value, no credential-shaped value, bounded length. */
export function maskLine(lines: readonly string[], index: number, inSecret: boolean): string {
  const raw = (lines[index] ?? '').replace(/\r$/, '');
  const m = KEY_LINE.exec(raw);
  let out: string;
  if (!m) {
    // A line that is not `key: value`: block scalar text, a list item, a whole JSON document on one line.
    const indent = raw.slice(0, indentOf(raw));
    if (raw.trim() === '' || raw.trim() === '---' || raw.trimStart().startsWith('#')) out = inSecret && raw.trimStart().startsWith('#') ? `${indent}# ${MASK}` : raw;
    else if (inSecret || credentialInValue(raw)) out = `${indent}${MASK}`;
    else out = maskCommandLine(raw);
  } else {
    const [, prefix = '', quote = '', key = '', value = ''] = m;
    const head = `${prefix}${quote}${key}${quote}:`;
    const bare = unquote(value);
    const blockIndicator = /^[|>][-+0-9]*$/.test(bare) || bare === '' || bare === '{' || bare === '[';
    const name = key === 'value' ? nameAbove(lines, index) ?? key : key;
    const secret = inSecret ? !blockIndicator && (!SECRET_SAFE_KEYS.has(key) || underData(lines, index)) : !blockIndicator && detectCredential(name, bare) !== undefined;
    out = secret ? `${head} ${MASK}` : value === '' ? head : `${head} ${maskCommandLine(value)}`;
  }
  return out.length > MAX_CHARS ? `${out.slice(0, MAX_CHARS - 1)}…` : out;
}

/**
 * The line a finding points at, two lines above it and the more-indented lines of its block, up to a few lines.
 * `inSecret` masks every value but the Secret's identity (kind, name, namespace, type).
 */
export function snippetAt(file: string, lines: readonly string[], line: number, inSecret: boolean): EvidenceSnippet | undefined {
  const start = line - 1;
  const at = lines[start];
  if (at === undefined || at.trim() === '') return undefined;
  const base = indentOf(at);
  let end = start + 1;
  while (end < lines.length) {
    const l = lines[end] ?? '';
    if (l.trim() !== '' && (indentOf(l) <= base || l.startsWith('---'))) break;
    end++;
  }
  // A block scalar or a list closes on a blank line as well; drop trailing blanks.
  while (end > start + 1 && (lines[end - 1] ?? '').trim() === '') end--;
  const shown = Math.min(end, start + MAX_LINES);
  let from = start;
  // Only parents and siblings above: a deeper line belongs to an earlier block, in a List maybe another object (a Secret).
  while (from > 0 && start - from < BEFORE) {
    const above = lines[from - 1] ?? '';
    if (above.startsWith('---') || above.trim() === '' || indentOf(above) > base) break;
    from--;
  }
  const out: string[] = [];
  for (let i = from; i < shown; i++) out.push(maskLine(lines, i, inSecret));
  return { file, first: from + 1, focus: start - from, lines: out, more: end - shown };
}

/** Evidence for every located finding, from the scanned texts (pure: the caller reads the files). */
export function collectEvidence(texts: ReadonlyMap<string, string>, findings: readonly Finding[]): EvidenceIndex {
  const split = new Map<string, readonly string[]>();
  const out = new Map<string, EvidenceSnippet>();
  for (const f of findings) {
    if (!f.location) continue;
    const key = evidenceKey(f.location.file, f.location.line);
    const inSecret = f.resource?.kind === 'Secret';
    const known = out.get(key);
    if (known && !inSecret) continue;
    const text = texts.get(f.location.file);
    if (text === undefined) continue;
    let lines = split.get(f.location.file);
    if (!lines) {
      lines = text.split('\n');
      split.set(f.location.file, lines);
    }
    const s = snippetAt(f.location.file, lines, f.location.line, inSecret);
    if (s) out.set(key, s);
  }
  return out;
}
