import yaml from 'js-yaml';
import type { InputError } from '../core/finding.js';
import type { JsonObject, JsonValue, KubeResource } from '../core/resource.js';
import { asObject, asString, isObject } from '../core/resource.js';
import type { ImplicitType } from './block-yaml.js';
import type { BlockYamlReader } from './block-yaml.js';
import { blockYamlReader } from './block-yaml.js';
import { locateInBlockYaml, sequenceItems, UNSUPPORTED } from './block-locator.js';
import { jsonLocator } from './json-locator.js';
import type { JsonLocator } from './json-locator.js';
import type { DocumentSlice } from './split.js';
import { splitDocuments } from './split.js';

export interface ParseLimits {
  /** A document larger than this is refused with an error. */
  readonly maxDocumentBytes: number;
  /** Nodes a document may expand to through aliases (billion-laughs guard). */
  readonly maxExpandedNodes: number;
}

/**
 * YAML 1.2 core schema plus merge keys and the explicit !!binary/!!omap/!!pairs/!!set tags, but no implicit
 * timestamps: Kubernetes reads YAML into JSON, where a date is just a string.
 */
// js-yaml exports its built-in types at run time; @types/js-yaml does not declare them.
const BUILTIN = (yaml as unknown as { readonly types: Readonly<Record<'merge' | 'binary' | 'omap' | 'pairs' | 'set', yaml.Type>> }).types;
export const KUBE_SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: [BUILTIN.merge],
  explicit: [BUILTIN.binary, BUILTIN.omap, BUILTIN.pairs, BUILTIN.set],
});

/** The scalar types js-yaml tries on a plain scalar under KUBE_SCHEMA, in its order (an internal, so checked). */
export const IMPLICIT_TYPES: readonly ImplicitType[] = (KUBE_SCHEMA as unknown as { readonly compiledImplicit?: readonly ImplicitType[] }).compiledImplicit ?? [];

export const DEFAULT_LIMITS: ParseLimits = { maxDocumentBytes: 32 * 1024 * 1024, maxExpandedNodes: 2_000_000 };

/** The limits with the configured document size (MiB), when one is set. */
export function limitsFor(maxDocumentMB: number | undefined): ParseLimits {
  return maxDocumentMB === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, maxDocumentBytes: Math.floor(maxDocumentMB * 1024 * 1024) };
}

export interface ParsedText {
  readonly file: string;
  readonly text: string;
  readonly json: boolean;
  readonly docs: readonly DocumentSlice[];
  readonly resources: KubeResource[];
  readonly errors: InputError[];
  /** Documents that parsed but are not Kubernetes objects (no kind), e.g. Helm values files. */
  readonly skipped: number;
  /** JSON that JSON.parse refused and js-yaml read (comments, single quotes): located by the full YAML parser. */
  readonly lenientJson?: boolean;
  /** Exact positions for synthetic resources read from non-YAML files, keyed by `${doc}#${JSON pointer}`. */
  readonly positions?: ReadonlyMap<string, { readonly line: number; readonly column: number }>;
  /** The JSON locator the size check already indexed the text with, kept so locating findings does not index it again. */
  readonly jsonLocator?: JsonLocator;
}

/** Counts nodes as a reader walking the value would see them, stopping at `limit`. */
function expandedSize(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const v = stack.pop();
    count++;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
  return count;
}

function lineColumnAt(text: string, start: number, offset: number, baseLine: number): { line: number; column: number } {
  let line = baseLine;
  let lastNl = start - 1;
  for (let i = text.indexOf('\n', start); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lastNl = i;
  }
  return { line, column: offset - lastNl };
}

/** The first content line of a slice, where the resource is said to start. */
function firstContentLine(text: string, d: DocumentSlice): number {
  let line = d.line;
  let pos = d.start;
  // A slice that starts right after "---" begins on the marker's line.
  while (pos < d.end) {
    const nl = text.indexOf('\n', pos);
    const le = nl < 0 || nl > d.end ? d.end : nl;
    const content = text.slice(pos, le).trim();
    if (content !== '' && !content.startsWith('#')) return line;
    if (nl < 0 || nl >= d.end) break;
    pos = nl + 1;
    line++;
  }
  return line;
}

/** js-yaml reports a NUL with line 0 of the document, so phiguard finds the byte itself. */
function nulError(file: string, text: string, start: number, offset: number, baseLine: number): InputError {
  const at = lineColumnAt(text, start, offset, baseLine);
  return { file, line: at.line, column: at.column, message: 'null byte (NUL, 0x00) is not allowed in YAML or JSON; the document is not scanned' };
}

function toResource(obj: JsonObject, file: string, doc: number, line: number, pointer: string): KubeResource | undefined {
  const kind = asString(obj['kind']);
  if (!kind) return undefined;
  const meta = asObject(obj['metadata']);
  const namespace = asString(meta?.['namespace']);
  const ref = {
    apiVersion: asString(obj['apiVersion']) ?? '',
    kind,
    name: asString(meta?.['name']) ?? asString(meta?.['generateName']) ?? '',
    ...(namespace ? { namespace } : {}),
  };
  return { ref, object: obj, origin: { file, doc, line, pointer } };
}

function describeYamlError(e: unknown): { message: string; line?: number; column?: number } {
  if (e instanceof yaml.YAMLException) {
    const mark = e.mark as { line?: number; column?: number } | undefined;
    return { message: e.reason || e.message, ...(mark?.line !== undefined ? { line: mark.line, column: (mark.column ?? 0) + 1 } : {}) };
  }
  if (e instanceof RangeError) return { message: 'document nests too deeply to read' };
  return { message: e instanceof Error ? e.message : String(e) };
}

/** Items of a List over the size limit: left out, each with its error. */
interface Oversized {
  readonly items: ReadonlyMap<number, InputError>;
}

function isList(value: JsonValue): boolean {
  return isObject(value) && (asString(value['kind'])?.endsWith('List') ?? false) && Array.isArray(value['items']);
}

/** Emits the resources of one parsed value: a single object, or the items of a List. */
function collect(value: JsonValue, out: ParsedText, doc: number, line: number, oversized?: Oversized): boolean {
  if (!isObject(value)) return false;
  const kind = asString(value['kind']);
  const items = value['items'];
  if (kind && kind.endsWith('List') && Array.isArray(items)) {
    items.forEach((item, i) => {
      const tooLarge = oversized?.items.get(i);
      if (tooLarge) {
        out.errors.push(tooLarge);
        return;
      }
      const obj = asObject(item);
      const r = obj && toResource(obj, out.file, doc, line, `/items/${i}`);
      if (r) out.resources.push(r);
      else out.errors.push({ file: out.file, line, column: 1, message: `item ${i} of the ${kind} is not a Kubernetes object (no kind)` });
    });
    return true;
  }
  const r = toResource(value, out.file, doc, line, '');
  if (r) out.resources.push(r);
  return r !== undefined;
}

const tooLargeMessage = (limit: number, what = 'document'): string =>
  `${what} is larger than ${limit} bytes; split it or raise the limit (--max-document-mb, or maxDocumentMB in .phiguard.yaml)`;

/** Item spans [start, end) of a List document, in order; undefined when the document has no items array this can see. */
type ItemSpans = readonly { readonly start: number; readonly end: number; readonly line: number }[];

function jsonItemSpans(loc: JsonLocator): ItemSpans | undefined {
  try {
    return loc.items()?.map((e) => ({ start: e.valueAt, end: e.valueEnd, line: 0 }));
  } catch {
    return undefined;
  }
}

function yamlItemSpans(text: string, d: DocumentSlice): ItemSpans | undefined {
  const at = locateInBlockYaml(text, d.start, d.end, ['items']);
  if (at === UNSUPPORTED || !at.cursor) return undefined;
  const items = sequenceItems(text, d.end, at.cursor);
  if (items === UNSUPPORTED) return undefined;
  return items.map((item, i) => {
    const next = items[i + 1]?.cursor?.lineStart ?? d.end;
    const start = item.cursor?.lineStart ?? next;
    return { start, end: next, line: d.line + item.line };
  });
}

/**
 * A document over the limit is still read when it is a List whose items each are within it (`kubectl get -A -o json`
 * of a large cluster): a List is judged by its items. Returns the items to leave out, or the document's error.
 */
function judgeOversized(file: string, text: string, start: number, end: number, line: number, spans: ItemSpans | undefined,
  limit: number, lineOf: (offset: number) => number): Oversized | InputError {
  const refused: InputError = { file, line, column: 1, message: tooLargeMessage(limit) };
  if (!spans || spans.length === 0) return refused;
  const items = new Map<number, InputError>();
  spans.forEach((s, i) => {
    if (s.end - s.start > limit) {
      items.set(i, { file, line: s.line || lineOf(s.start), column: 1, message: tooLargeMessage(limit, `item ${i} of the List`) });
    }
  });
  // What is not in the items (the List's own fields) is held to the limit too.
  const inItems = (spans[spans.length - 1]?.end ?? start) - (spans[0]?.start ?? start);
  return end - start - inItems > limit ? refused : { items };
}

function looksJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue;
    return c === 123 || c === 91;
  }
  return false;
}

/** Whether the input is read as one JSON document rather than a YAML stream. */
export function isJsonInput(file: string, text: string): boolean {
  return (file.endsWith('.json') || file === '<stdin>') && looksJson(text);
}

/** The documents of an input: the whole text for JSON, the `---`-separated slices for YAML. */
export function slicesOf(text: string, json: boolean): DocumentSlice[] {
  return json ? [{ index: 0, start: 0, end: text.length, line: 1 }] : splitDocuments(text);
}

/**
 * Reads YAML streams and JSON into resources. Every problem becomes an error entry with a line; nothing throws,
 * and a broken document never hides the documents around it.
 */
export function parseManifests(file: string, text: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedText {
  const json = isJsonInput(file, text);
  const out: ParsedText = { file, text, json, docs: [], resources: [], errors: [], skipped: 0 };
  let skipped = 0;
  if (json) {
    (out.docs as DocumentSlice[]).push(...slicesOf(text, true));
    let oversized: Oversized | undefined;
    let located: JsonLocator | undefined;
    if (text.length > limits.maxDocumentBytes) {
      located = jsonLocator(text);
      const judged = judgeOversized(file, text, 0, text.length, 1, jsonItemSpans(located), limits.maxDocumentBytes, (o) => lineColumnAt(text, 0, o, 1).line);
      if ('message' in judged) {
        out.errors.push(judged);
        return out;
      }
      oversized = judged;
    }
    let value: unknown;
    let lenientJson = false;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const nul = text.indexOf('\0');
      if (nul >= 0) {
        out.errors.push(nulError(file, text, 0, nul, 1));
        return out;
      }
      // js-yaml reads JSON too and says where it broke.
      try {
        value = yaml.load(text, { filename: file, schema: KUBE_SCHEMA });
        lenientJson = true;
      } catch (e2) {
        const d = describeYamlError(e2);
        out.errors.push({ file, line: (d.line ?? 0) + 1, column: d.column ?? 1, message: `invalid JSON: ${d.message || (e as Error).message}` });
        return out;
      }
    }
    if (oversized && !isList(value as JsonValue)) {
      out.errors.push({ file, line: 1, column: 1, message: tooLargeMessage(limits.maxDocumentBytes) });
      return out;
    }
    if (!collect(value as JsonValue, out, 0, 1, oversized)) skipped++;
    return { ...out, skipped, ...(lenientJson ? { lenientJson } : {}), ...(located && !lenientJson ? { jsonLocator: located } : {}) };
  }
  // One fast reader for the file: its documents share one copy of each repeated scalar.
  const fast = IMPLICIT_TYPES.length > 0 ? blockYamlReader(text, IMPLICIT_TYPES) : undefined;
  for (const d of splitDocuments(text)) {
    (out.docs as DocumentSlice[]).push(d);
    skipped += addDocument(out, d.index, readDocument(file, text, d, limits, fast));
  }
  return { ...out, skipped };
}

/** What reading one document gives: its value, an error, or nothing (an empty document). */
export type DocumentOutcome =
  | { readonly value: JsonValue; readonly line: number; readonly oversized?: Oversized }
  | { readonly error: InputError }
  | null;

/** Reads one slice of `text` (as cut by splitDocuments), with the size and alias guards. Never throws. */
export function readDocument(file: string, text: string, d: DocumentSlice, limits: ParseLimits = DEFAULT_LIMITS,
  fastReader: BlockYamlReader | undefined = IMPLICIT_TYPES.length > 0 ? blockYamlReader(text, IMPLICIT_TYPES) : undefined): DocumentOutcome {
  const line = firstContentLine(text, d);
  let oversized: Oversized | undefined;
  if (d.end - d.start > limits.maxDocumentBytes) {
    const judged = judgeOversized(file, text, d.start, d.end, line, yamlItemSpans(text, d), limits.maxDocumentBytes, () => line);
    if ('message' in judged) return { error: judged };
    oversized = judged;
  }
  const read = readValue(file, text, d, line, limits, fastReader);
  if (!oversized || read === null || !('value' in read)) return read;
  return isList(read.value) ? { ...read, oversized } : { error: { file, line, column: 1, message: tooLargeMessage(limits.maxDocumentBytes) } };
}

function readValue(file: string, text: string, d: DocumentSlice, line: number, limits: ParseLimits, fastReader: BlockYamlReader | undefined): DocumentOutcome {
  // Most documents are plain block YAML, which the fast reader takes; it has no aliases, so no alias check either.
  const fast = fastReader?.(d.start, d.end);
  if (fast !== undefined) return { value: fast, line };
  const body = text.slice(d.start, d.end);
  const nul = body.indexOf('\0');
  if (nul >= 0) return { error: nulError(file, text, d.start, d.start + nul, d.line) };
  let value: unknown;
  try {
    value = yaml.load(body, { filename: file, schema: KUBE_SCHEMA });
  } catch (e) {
    const err = describeYamlError(e);
    const at = err.line !== undefined ? lineColumnAt(text, d.start, d.start, d.line) : { line, column: 1 };
    return { error: { file, line: err.line !== undefined ? at.line + err.line : line, column: err.column ?? 1, message: err.message } };
  }
  if (body.includes('*') && body.includes('&') && expandedSize(value, limits.maxExpandedNodes) > limits.maxExpandedNodes) {
    return { error: { file, line, column: 1, message: `document expands to more than ${limits.maxExpandedNodes} nodes through aliases; refusing it (alias bomb?)` } };
  }
  if (value === null || value === undefined) return null;
  return { value: value as JsonValue, line };
}

/** Adds one document's outcome to `out` (its resources, or its error); 1 when it parsed but is not a Kubernetes object. */
export function addDocument(out: ParsedText, doc: number, outcome: DocumentOutcome): number {
  if (outcome === null) return 0;
  if ('error' in outcome) {
    out.errors.push(outcome.error);
    return 0;
  }
  return collect(outcome.value, out, doc, outcome.line, outcome.oversized) ? 0 : 1;
}
