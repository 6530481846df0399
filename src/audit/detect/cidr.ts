/** IPv4/IPv6 CIDR matching without the network stack (detection stays pure). */
export interface Cidr {
  readonly bits: bigint;
  readonly prefix: number;
  readonly v6: boolean;
}

function parseV4(ip: string): bigint | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(ip: string): bigint | undefined {
  const zone = ip.indexOf('%');
  const addr = zone >= 0 ? ip.slice(0, zone) : ip;
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string): string[] | undefined => {
    if (s === '') return [];
    const g = s.split(':');
    const last = g[g.length - 1] as string;
    if (last.includes('.')) {
      const v4 = parseV4(last);
      if (v4 === undefined) return undefined;
      g.splice(g.length - 1, 1, ((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
    }
    return g;
  };
  const head = toGroups(halves[0] as string);
  const tail = halves.length === 2 ? toGroups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

export function parseIp(ip: string): { bits: bigint; v6: boolean } | undefined {
  const v4 = parseV4(ip);
  if (v4 !== undefined) return { bits: v4, v6: false };
  const v6 = parseV6(ip);
  if (v6 === undefined) return undefined;
  // IPv4-mapped addresses (::ffff:a.b.c.d) are matched as IPv4.
  if (v6 >> 32n === 0xffffn) return { bits: v6 & 0xffffffffn, v6: false };
  return { bits: v6, v6: true };
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, len] = text.split('/');
  const ip = parseIp(addr ?? '');
  if (!ip) return undefined;
  const max = ip.v6 ? 128 : 32;
  const prefix = len === undefined ? max : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { bits: ip.bits >> BigInt(max - prefix), prefix, v6: ip.v6 };
}

export function inCidrs(ip: string, cidrs: readonly Cidr[]): boolean {
  const a = parseIp(ip);
  if (!a) return false;
  return cidrs.some((c) => c.v6 === a.v6 && a.bits >> BigInt((a.v6 ? 128 : 32) - c.prefix) === c.bits);
}

/** Private, loopback, CGNAT and link-local ranges: where in-cluster callers come from by default. */
export const DEFAULT_CLUSTER_CIDRS: readonly string[] = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10',
];
