/** A JSON value as parsed from YAML or JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** Where a resource came from; `pointer` is the JSON pointer of the resource inside its document (e.g. /items/3 in a List). */
export interface Origin {
  readonly file: string;
  readonly doc: number;
  readonly line: number;
  readonly pointer: string;
  /** For objects read from a cluster: their API path (also in `file`) and the kubectl command that shows them. */
  readonly api?: { readonly path: string; readonly kubectl: string };
}

export interface KubeResource {
  readonly ref: ResourceRef;
  readonly object: JsonObject;
  readonly origin: Origin;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asArray(v: unknown): JsonValue[] {
  return Array.isArray(v) ? (v as JsonValue[]) : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Labels or annotations as a plain string map. When every value already is a string (almost always), the
 * object itself is returned, so hot paths allocate nothing; non-string values are stringified in a copy.
 */
export function stringMap(v: unknown): Readonly<Record<string, string>> {
  if (!isObject(v)) return EMPTY;
  let clean = true;
  for (const k in v) {
    if (typeof v[k] !== 'string') { clean = false; break; }
  }
  if (clean) return v as Readonly<Record<string, string>>;
  // fromEntries defines each key, so a label named __proto__ stays an own property (assignment would drop it).
  return Object.fromEntries(Object.entries(v).filter(([, val]) => val !== null && typeof val !== 'object').map(([k, val]) => [k, String(val)]));
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

export function labelsOf(r: KubeResource): Readonly<Record<string, string>> {
  return stringMap(asObject(r.object['metadata'])?.['labels']);
}

export function annotationsOf(r: KubeResource): Readonly<Record<string, string>> {
  return stringMap(asObject(r.object['metadata'])?.['annotations']);
}

export function apiGroupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function refKey(ref: ResourceRef): string {
  return `${apiGroupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

export function describeRef(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

function escapeSegment(s: string | number): string {
  const t = String(s);
  // Most segments (field names, indexes) need no escaping; skip the two regex passes for them.
  return t.includes('~') || t.includes('/') ? t.replace(/~/g, '~0').replace(/\//g, '~1') : t;
}

/** JSON pointer (RFC 6901) from path segments. */
export function pointerOf(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += '/' + escapeSegment(s);
  return out;
}

export function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  const parts = pointer.slice(1).split('/');
  return pointer.includes('~') ? parts.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : parts;
}
