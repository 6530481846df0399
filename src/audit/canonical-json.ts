/** RFC 8785 JSON Canonicalization Scheme (JCS): sorted keys, ECMAScript number and string serialization, no whitespace. */
export class CanonicalJsonError extends Error {}

export function canonicalize(value: unknown): string {
  // Fast path: rebuild objects with sorted keys and let the native JSON.stringify write them. It is exact
  // unless some object has integer-like keys, which V8 always orders numerically; those take the slow path.
  const sorted = sortedClone(value);
  return sorted === INTEGER_KEYS ? write(value) : JSON.stringify(sorted);
}

const INTEGER_KEYS = Symbol('integer-like keys');
const INTEGER_LIKE = /^(?:0|[1-9]\d*)$/;

function sortedClone(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      if (SURROGATE.test(value) && hasLoneSurrogate(value)) throw new CanonicalJsonError('string with a lone surrogate cannot be canonicalized');
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number cannot be canonicalized');
      return value;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${typeof value} is not a JSON value`);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = sortedClone(value[i]);
      if (v === INTEGER_KEYS) return INTEGER_KEYS;
      out[i] = v;
    }
    return out;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  // No prototype: a key named __proto__ must become an own property, not replace the prototype and vanish.
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (INTEGER_LIKE.test(k)) return INTEGER_KEYS;
    if (SURROGATE.test(k) && hasLoneSurrogate(k)) throw new CanonicalJsonError('string with a lone surrogate cannot be canonicalized');
    const c = sortedClone(v);
    if (c === INTEGER_KEYS) return INTEGER_KEYS;
    out[k] = c;
  }
  return out;
}

const SURROGATE = /[\ud800-\udfff]/;

// JSON.stringify already serialises strings and finite numbers exactly as RFC 8785 §3.2.2 requires.
function str(s: string): string {
  if (SURROGATE.test(s) && hasLoneSurrogate(s)) throw new CanonicalJsonError('string with a lone surrogate cannot be canonicalized');
  return JSON.stringify(s);
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number cannot be canonicalized');
      return JSON.stringify(value);
    case 'string':
      return str(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${typeof value} is not a JSON value`);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + str(k) + ':' + write(v);
    first = false;
  }
  return out + '}';
}

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) {
        i++;
        continue;
      }
    }
    return true;
  }
  return false;
}
