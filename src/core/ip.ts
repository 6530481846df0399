/** An inclusive address range of one family, as BigInts so IPv4 and IPv6 share one code path. */
export interface IpRange {
  readonly v6: boolean;
  readonly start: bigint;
  readonly end: bigint;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(s) || s.split('::').length > 2) return undefined;
  let tail = s;
  let v4: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = s.slice(0, lastColon + 1) + '0:0';
  }
  const [head = '', rest] = tail.split('::');
  const h = head ? head.split(':') : [];
  const t = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(parseInt(g, 16));
  if (v4 !== undefined) n = (n & ~0xffffffffn) | v4;
  return n;
}

/** Parses "10.0.0.0/8", "2001:db8::/32" or a bare address (a /32 or /128). */
export function parseCidr(text: string): IpRange | undefined {
  const [addr = '', prefixText] = text.trim().split('/');
  const v6 = addr.includes(':');
  const bits = v6 ? 128 : 32;
  const base = v6 ? parseV6(addr) : parseV4(addr);
  if (base === undefined) return undefined;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const host = (1n << BigInt(bits - prefix)) - 1n;
  const start = base & ~host & ((1n << BigInt(bits)) - 1n);
  return { v6, start, end: start | host };
}

export function overlaps(a: IpRange, b: IpRange): boolean {
  return a.v6 === b.v6 && a.start <= b.end && b.start <= a.end;
}

export function contains(outer: IpRange, inner: IpRange): boolean {
  return outer.v6 === inner.v6 && outer.start <= inner.start && inner.end <= outer.end;
}

/** `range` minus every range in `holes`, as disjoint ranges. */
export function subtract(range: IpRange, holes: readonly IpRange[]): IpRange[] {
  let parts: IpRange[] = [range];
  for (const h of holes) {
    const next: IpRange[] = [];
    for (const p of parts) {
      if (!overlaps(p, h)) { next.push(p); continue; }
      if (p.start < h.start) next.push({ v6: p.v6, start: p.start, end: h.start - 1n });
      if (h.end < p.end) next.push({ v6: p.v6, start: h.end + 1n, end: p.end });
    }
    parts = next;
  }
  return parts;
}

function must(cidr: string): IpRange {
  const r = parseCidr(cidr);
  if (!r) throw new Error(`bad built-in CIDR ${cidr}`);
  return r;
}

/** Private, loopback, link-local, CGNAT and ULA space: never "the internet". */
export const NON_PUBLIC: readonly IpRange[] = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10', '0.0.0.0/8',
  '::1/128', 'fc00::/7', 'fe80::/10',
].map(must);

/** Public address space, IPv4 and IPv6. */
export const PUBLIC: readonly IpRange[] = [...subtract(must('0.0.0.0/0'), NON_PUBLIC), ...subtract(must('::/0'), NON_PUBLIC)];

export const METADATA_IP: IpRange = must('169.254.169.254/32');

/** Parses a bare address; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as the IPv4 address it carries. */
export function parseAddress(text: string): IpRange | undefined {
  const r = parseCidr(text.includes('/') ? '' : text);
  if (!r || !r.v6 || r.start >> 32n !== 0xffffn) return r;
  const v4 = r.start & 0xffffffffn;
  return { v6: false, start: v4, end: v4 };
}

/** Whether the address `ip` lies in one of `ranges`. */
export function addressIn(ip: string, ranges: readonly IpRange[]): boolean {
  const a = parseAddress(ip);
  return a !== undefined && ranges.some((r) => contains(r, a));
}
