import type { JsonObject, JsonValue } from '../core/resource.js';
import { asArray, asObject, asString, isObject } from '../core/resource.js';
import { canonicalize } from './canonical-json.js';

/** audit.k8s.io Event handling: accepting what real logs contain, and a normalised view for review and detection. */
export const AUDIT_API_VERSIONS: readonly string[] = ['audit.k8s.io/v1', 'audit.k8s.io/v1beta1', 'audit.k8s.io/v1alpha1'];

/** An event ready to be appended: its dedup key and its RFC 8785 form. */
export interface IncomingEvent {
  readonly auditID: string;
  readonly stage: string;
  readonly canonical: string;
  /** Where it was read (FILE:LINE), for the quarantine when it conflicts with a stored event. */
  readonly source?: string;
}

/** Why a value is not an audit Event, or undefined when it is one; names the field, never quotes its value. */
export function eventProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  const kind = v['kind'];
  if (kind !== undefined && kind !== 'Event') return 'kind is not Event';
  const api = v['apiVersion'];
  if (api !== undefined && !(typeof api === 'string' && AUDIT_API_VERSIONS.includes(api))) {
    return 'apiVersion is not audit.k8s.io/v1 or v1beta1';
  }
  const id = v['auditID'];
  if (typeof id !== 'string' || id === '') return 'auditID is missing';
  if (id.length > 256) return 'auditID is longer than 256 characters';
  if (typeof v['verb'] !== 'string') return 'verb is missing';
  const stage = v['stage'];
  if (stage !== undefined && typeof stage !== 'string') return 'stage is not a string';
  return undefined;
}

export interface DocumentItems {
  readonly events: JsonObject[];
  /** Problems with items, each with the item's index in an EventList (or -1 for the document itself) and the item. */
  readonly problems: { readonly index: number; readonly message: string; readonly value?: unknown }[];
}

/** The bytes a rejected item is kept as in the quarantine: its canonical JSON when it has one. */
export function quarantineBytes(value: unknown): Buffer {
  for (const write of [canonicalize, JSON.stringify]) {
    try {
      const text = write(value) as string | undefined;
      if (typeof text === 'string') return Buffer.from(text, 'utf8');
    } catch {
      // Lone surrogates or non-JSON values: try the next writer.
    }
  }
  return Buffer.from(String(value), 'utf8');
}

/** The events of one JSON document: an Event, an EventList, or a JSON array of Events. */
export function eventsOfDocument(value: unknown): DocumentItems {
  const events: JsonObject[] = [];
  const problems: { index: number; message: string; value?: unknown }[] = [];
  const items = Array.isArray(value)
    ? value
    : isObject(value) && value['kind'] === 'EventList'
      ? value['items'] === null || value['items'] === undefined ? [] : value['items']
      : undefined;
  if (items === undefined) {
    const p = eventProblem(value);
    if (p) problems.push({ index: -1, message: p });
    else events.push(value as JsonObject);
    return { events, problems };
  }
  if (!Array.isArray(items)) {
    problems.push({ index: -1, message: 'EventList items is not an array' });
    return { events, problems };
  }
  if (isObject(value)) {
    const api = value['apiVersion'];
    if (api !== undefined && !(typeof api === 'string' && AUDIT_API_VERSIONS.includes(api))) {
      problems.push({ index: -1, message: 'apiVersion is not audit.k8s.io' });
      return { events, problems };
    }
  }
  items.forEach((item: unknown, i: number) => {
    const p = eventProblem(item);
    if (p) problems.push({ index: i, message: p, value: item });
    else events.push(item as JsonObject);
  });
  return { events, problems };
}

export function toIncoming(event: JsonObject): IncomingEvent {
  return { auditID: event['auditID'] as string, stage: asString(event['stage']) ?? '', canonical: canonicalize(event) };
}

/** The leaf record: RFC 8785 form of {cluster?, event, receivedAt, seq, v: 1}, assembled around the already canonical event. */
export function leafRecord(canonicalEvent: string, seq: number, receivedAt: string, cluster?: string): string {
  const head = cluster === undefined ? '{"event":' : `{"cluster":${JSON.stringify(cluster)},"event":`;
  return `${head}${canonicalEvent},"receivedAt":${JSON.stringify(receivedAt)}${leafSuffix(seq)}`;
}

/** The bytes every leaf ends with; verify uses it to check a row holds the sequence number it claims. */
export function leafSuffix(seq: number): string {
  return `,"seq":${seq},"v":1}`;
}

export interface LeafRecord {
  readonly cluster?: string;
  readonly event: JsonObject;
  readonly receivedAt: string;
  readonly seq: number;
  readonly v: number;
}

export function parseLeaf(bytes: Uint8Array | string): LeafRecord {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  const v: unknown = JSON.parse(text);
  const o = asObject(v);
  if (!o || !isObject(o['event']) || typeof o['seq'] !== 'number' || typeof o['receivedAt'] !== 'string') throw new Error('not a leaf record');
  const cluster = asString(o['cluster']);
  return {
    ...(cluster !== undefined ? { cluster } : {}),
    event: o['event'],
    receivedAt: o['receivedAt'],
    seq: o['seq'],
    v: typeof o['v'] === 'number' ? o['v'] : 0,
  };
}

export interface UserInfo {
  readonly username: string;
  readonly groups: readonly string[];
}

/** The fields review and detection read, the same for v1, v1beta1 and trimmed events. */
export interface AuditView {
  readonly seq: number;
  readonly cluster: string;
  readonly auditID: string;
  readonly stage: string;
  readonly verb: string;
  readonly requestURI: string;
  readonly user: UserInfo;
  readonly impersonatedUser?: UserInfo;
  /** The person or workload the request acted as: impersonated user when present. */
  readonly actor: string;
  readonly sourceIPs: readonly string[];
  readonly userAgent: string;
  readonly resource: string;
  readonly subresource: string;
  readonly apiGroup: string;
  readonly namespace: string;
  readonly name: string;
  readonly code?: number;
  readonly decision: string;
  readonly reason: string;
  /** Milliseconds since the epoch of the stage timestamp (or the best one available); NaN when none. */
  readonly time: number;
  readonly timeText: string;
  readonly requestObject?: JsonValue;
  readonly responseObject?: JsonValue;
  readonly annotations: Readonly<Record<string, string>>;
}

function userOf(v: unknown): UserInfo | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  return {
    username: asString(o['username']) ?? '',
    groups: asArray(o['groups']).filter((g): g is string => typeof g === 'string'),
  };
}

function strings(v: unknown): Record<string, string> {
  // No prototype, so an annotation named __proto__ is kept like any other.
  const out = Object.create(null) as Record<string, string>;
  const o = asObject(v);
  if (o) for (const [k, val] of Object.entries(o)) if (typeof val === 'string') out[k] = val;
  return out;
}

export function viewOf(event: JsonObject, seq = -1, cluster = ''): AuditView {
  const ref = asObject(event['objectRef']) ?? {};
  const status = asObject(event['responseStatus']);
  const code = status && typeof status['code'] === 'number' ? status['code'] : undefined;
  const meta = asObject(event['metadata']);
  const timeText = asString(event['stageTimestamp']) ?? asString(event['requestReceivedTimestamp']) ??
    asString(event['timestamp']) ?? asString(meta?.['creationTimestamp']) ?? '';
  const annotations = strings(event['annotations']);
  const user = userOf(event['user']) ?? { username: '', groups: [] };
  const imp = userOf(event['impersonatedUser']);
  const view: AuditView = {
    seq,
    cluster,
    auditID: asString(event['auditID']) ?? '',
    stage: asString(event['stage']) ?? '',
    verb: asString(event['verb']) ?? '',
    requestURI: asString(event['requestURI']) ?? '',
    user,
    ...(imp ? { impersonatedUser: imp } : {}),
    actor: imp?.username || user.username,
    sourceIPs: asArray(event['sourceIPs']).filter((s): s is string => typeof s === 'string'),
    userAgent: asString(event['userAgent']) ?? '',
    resource: asString(ref['resource']) ?? '',
    subresource: asString(ref['subresource']) ?? '',
    apiGroup: asString(ref['apiGroup']) ?? '',
    namespace: asString(ref['namespace']) ?? '',
    name: asString(ref['name']) ?? '',
    ...(code !== undefined ? { code } : {}),
    decision: annotations['authorization.k8s.io/decision'] ?? '',
    reason: annotations['authorization.k8s.io/reason'] ?? '',
    time: timeText ? Date.parse(timeText) : NaN,
    timeText,
    ...(event['requestObject'] !== undefined ? { requestObject: event['requestObject'] } : {}),
    ...(event['responseObject'] !== undefined ? { responseObject: event['responseObject'] } : {}),
    annotations,
  };
  return view;
}

/** True when the request did what it asked: 2xx, the 101 of an upgraded exec, or no status yet at ResponseStarted. */
export function succeeded(v: AuditView): boolean {
  if (v.code === undefined) return v.decision !== 'forbid';
  return v.code < 400;
}

export function isServiceAccount(username: string): boolean {
  return username.startsWith('system:serviceaccount:');
}

/** The command of an exec request, from its requestURI query (never the request body). */
export function execCommand(requestURI: string): string {
  const q = requestURI.indexOf('?');
  if (q < 0) return '';
  const params = new URLSearchParams(requestURI.slice(q + 1));
  return params.getAll('command').join(' ');
}
