/** One command-line flag as the component sees it, with the JSON pointer of the token that set it. */
export interface Flag {
  readonly name: string;
  readonly value: string;
  /** JSON pointer of the `--name` token inside its resource. */
  readonly path: string;
}

export interface ArgToken {
  readonly text: string;
  readonly path: string;
}

/** Flags that take no separate value: `--flag value` never consumes the next token for these. */
const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  'anonymous-auth', 'profiling', 'allow-privileged', 'client-cert-auth', 'peer-client-cert-auth', 'auto-tls',
  'peer-auto-tls', 'service-account-lookup', 'use-service-account-credentials', 'rotate-certificates',
  'authentication-token-webhook', 'enable-priority-and-fairness', 'service-account-extend-token-expiration',
  'protect-kernel-defaults', 'enable-bootstrap-token-auth', 'leader-elect', 'audit-log-compress',
  'audit-log-truncate-enabled', 'audit-webhook-truncate-enabled', 'make-iptables-util-chains', 'enable-aggregator-routing',
  'server-tls-bootstrap', 'rotate-server-certificates', 'v', 'strict-transport-security-directives',
]);

/**
 * Parses argv tokens (after the program name) into flags. Accepts --flag=value, --flag value and -flag forms;
 * the last occurrence wins, as with Go's pflag for scalar flags.
 */
export function parseFlags(tokens: readonly ArgToken[]): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as ArgToken;
    const m = /^--?([A-Za-z0-9][\w.-]*)(?:=([\s\S]*))?$/.exec(t.text.trim());
    if (!m) continue;
    const name = m[1] as string;
    let value = m[2];
    if (value === undefined) {
      const next = tokens[i + 1];
      if (!BOOLEAN_FLAGS.has(name) && next !== undefined && !next.text.startsWith('-')) {
        value = next.text;
        i++;
      } else {
        value = 'true';
      }
    }
    flags.set(name, { name, value: unquote(value), path: t.path });
  }
  return flags;
}

function unquote(v: string): string {
  const s = v.trim();
  return s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) ? s.slice(1, -1) : s;
}

/** Splits a shell-like argument string on whitespace, keeping quoted runs together. */
export function splitArgs(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ text: m[0].replace(/["']/g, ''), offset: m.index });
  return out;
}

/** Comma-separated list flag values (authorization-mode, admission plugins, cipher suites). */
export function listOf(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === 'true';
}

export function isFalse(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === 'false';
}

/** Feature gates as name → enabled, from `A=true,B=false`. */
export function featureGates(value: string | undefined): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const part of listOf(value)) {
    const [k, v] = part.split('=');
    if (k) out.set(k.trim(), (v ?? '').trim().toLowerCase() === 'true');
  }
  return out;
}
