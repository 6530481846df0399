/** RFC 8785 JSON Canonicalization Scheme (JCS): sorted keys, ECMAScript number and string serialization, no whitespace. */
export class CanonicalJsonError extends Error {}

export function canonicalize(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

// JSON.stringify already serialises strings and finite numbers exactly as RFC 8785 §3.2.2 requires.
function write(value: unknown, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number cannot be canonicalized');
      out.push(JSON.stringify(value));
      return;
    case 'string':
      if (hasLoneSurrogate(value)) throw new CanonicalJsonError('string with a lone surrogate cannot be canonicalized');
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${typeof value} is not a JSON value`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      write(value[i], out);
    }
    out.push(']');
    return;
  }
  const obj = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (i > 0) out.push(',');
    if (hasLoneSurrogate(k)) throw new CanonicalJsonError('key with a lone surrogate cannot be canonicalized');
    out.push(JSON.stringify(k), ':');
    write(obj[k], out);
  }
  out.push('}');
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
