/** RFC 8785 JSON Canonicalization Scheme (JCS): sorted keys, ECMAScript number and string serialization, no whitespace. */
export class CanonicalJsonError extends Error {}

export function canonicalize(value: unknown): string {
  // Fast path: rebuild objects with sorted keys and let the native JSON.stringify write them. It is exact
  // unless some object has integer-like keys, which V8 always orders numerically; those take the slow path.
  // Deeper values (the API server's JSON has no depth limit) take the iterative writer, which needs no stack.
  const sorted = sortedClone(value, 0);
  return sorted === INTEGER_KEYS || sorted === TOO_DEEP ? write(value) : JSON.stringify(sorted);
}

const INTEGER_KEYS = Symbol('integer-like keys');
const TOO_DEEP = Symbol('nested deeper than the native writer can recurse');
const MAX_NATIVE_DEPTH = 500;
const INTEGER_LIKE = /^(?:0|[1-9]\d*)$/;

function sortedClone(value: unknown, depth: number): unknown {
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
  if (depth > MAX_NATIVE_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = sortedClone(value[i], depth + 1);
      if (v === INTEGER_KEYS || v === TOO_DEEP) return v;
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
    const c = sortedClone(v, depth + 1);
    if (c === INTEGER_KEYS || c === TOO_DEEP) return c;
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

function scalar(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number cannot be canonicalized');
      return JSON.stringify(value);
    case 'string':
      return str(value);
    default:
      throw new CanonicalJsonError(`${typeof value} is not a JSON value`);
  }
}

interface Frame {
  readonly items: readonly unknown[];
  /** The sorted member names of an object; absent for an array. */
  readonly keys?: readonly string[];
  next: number;
}

/** Writes any JSON value with an explicit stack, so nesting depth is bounded by memory, not the call stack. */
function write(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (value: unknown): void => {
    if (value === null || typeof value !== 'object') {
      out.push(scalar(value));
    } else if (Array.isArray(value)) {
      out.push('[');
      stack.push({ items: value, next: 0 });
    } else {
      const obj = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
      const keys = Object.keys(obj).sort().filter((k) => obj[k] !== undefined);
      out.push('{');
      stack.push({ items: keys.map((k) => obj[k]), keys, next: 0 });
    }
  };
  open(root);
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    if (f.next >= f.items.length) {
      out.push(f.keys ? '}' : ']');
      stack.pop();
      continue;
    }
    if (f.next > 0) out.push(',');
    if (f.keys) out.push(str(f.keys[f.next] as string) + ':');
    const v = f.items[f.next];
    f.next++;
    open(v);
  }
  return out.join('');
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
