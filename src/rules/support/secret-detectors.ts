/**
 * Detectors for credentials written as literals (HK-SE-001/002/003).
 *
 * Policy, so that a finding means "a usable credential is in this text":
 * - A value that matches a credential format (PEM private key, AWS key id, JWT, GitHub/Slack/GitLab/Google/Stripe
 *   tokens, a URI with user:password@, a connection string with Password=) is flagged whatever its name.
 * - A value whose name says credential (password, token, secret, api key, ...) is flagged unless the value provably
 *   is not one: empty, boolean, number or duration, file path, URL without credentials, a reference ($(VAR), ${VAR},
 *   {{ .Values.x }}, vault:/arn:/ref+ secret-store references, SOPS ENC[...]), or unless the name says it holds a
 *   path, identifier or setting (*_FILE, *_PATH, *_KEY_ID, *_TTL, *_URL, ...).
 * - Placeholders such as "changeme" or "xxx" ARE flagged: what the manifest says is what runs, so a placeholder
 *   deployed is a real, trivially guessable credential.
 */

export type Detection =
  | { readonly by: 'value'; readonly what: string }
  | { readonly by: 'name'; readonly what: string };

interface ValuePattern {
  readonly what: string;
  readonly re: RegExp;
}

// Credential formats recognisable from the value alone; `what` never includes the secret part.
const VALUE_PATTERNS: readonly ValuePattern[] = [
  { what: 'a PEM private key', re: /(?<!-)-{3,}\s*BEGIN\s+(?:[A-Z0-9]+\s+)*PRIVATE\s+KEY(?:\s+BLOCK)?\s*-{3,}/i },
  { what: 'an AWS access key id (AKIA…)', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a JSON Web Token (eyJ…)', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ },
  { what: 'a JSON Web Token (eyJhbGci…)', re: /eyJhbGci[A-Za-z0-9_-]{4,}/ },
  { what: 'a GitHub token (ghp_…)', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/ },
  { what: 'a Slack token (xox…-)', re: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  { what: 'a Slack webhook URL', re: /hooks\.slack\.com\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+/ },
  { what: 'a GitLab token (glpat-…)', re: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { what: 'a Google API key (AIza…)', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'a Stripe live key (sk_live_…)', re: /\b[rs]k_live_[0-9A-Za-z]{16,}/ },
];

// Anchored at "://", the scheme checked backwards by hasSchemeBefore: a leading \b[a-z][a-z0-9+.-]* retried every
// start of a long run of scheme characters, quadratic.
const URI_USERINFO = /:\/\/([^\s/:@?#]+):([^\s/@?#]+)@/g;

/** Whether a URI scheme (\b[a-z][a-z0-9+.-]*, any case) ends at `end`; the walk stops at the previous "://". */
function hasSchemeBefore(text: string, end: number): boolean {
  for (let i = end - 1; i >= 0 && /[a-z0-9+.-]/i.test(text.charAt(i)); i--) {
    if (/[a-z]/i.test(text.charAt(i)) && (i === 0 || !/\w/.test(text.charAt(i - 1)))) return true;
  }
  return false;
}
const CONN_STRING_SECRET = /(?:^|[;\s])(password|pwd|accountkey|sharedaccesskey|sharedsecret)\s*=\s*([^;\s]+)/gi;
const URL_QUERY_SECRET = /[?&](?:access_token|token|api_?key|apikey|password|passwd|secret|client_secret|sig)=([^&#\s]+)/gi;

/** Words of a name: split on separators and camelCase, lower-cased. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    // A lookahead, not ([A-Z]+)([A-Z][a-z]): that backtracks quadratically over a long run of capitals.
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

// Built from plain words (no escapes) so that the list stays readable and reviewable.
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential',
  'credentials', 'creds', 'jwt', 'bearer', 'apikey', 'privatekey', 'connectionstring', 'connstr', 'pat',
]);
const CREDENTIAL_PAIRS: readonly (readonly [string, string])[] = [
  ['api', 'key'], ['private', 'key'], ['access', 'key'], ['account', 'key'], ['shared', 'key'], ['signing', 'key'],
  ['encryption', 'key'], ['master', 'key'], ['auth', 'key'], ['client', 'key'], ['storage', 'key'], ['license', 'key'],
  ['connection', 'string'], ['conn', 'string'], ['key', 'content'], ['sas', 'key'], ['service', 'key'],
];
// Trailing words that say the variable holds a path, identifier, reference or setting rather than the credential.
const NON_CREDENTIAL_TAIL: ReadonlySet<string> = new Set([
  'file', 'files', 'path', 'dir', 'directory', 'location', 'mount', 'id', 'ids', 'name', 'names', 'ref', 'url', 'uri',
  'endpoint', 'host', 'port', 'ttl', 'timeout', 'expiry', 'expiration', 'expires', 'lifetime', 'duration', 'seconds',
  'length', 'size', 'min', 'max', 'enabled', 'enable', 'disabled', 'required', 'policy', 'mode', 'type', 'format',
  'algorithm', 'alg', 'header', 'audience', 'issuer', 'version', 'prefix', 'suffix', 'field', 'count', 'interval',
  'period', 'user', 'username', 'login', 'provider', 'store', 'backend', 'namespace', 'volume', 'kind', 'scope',
  'scopes', 'regex', 'pattern', 'strength', 'complexity', 'env', 'source', 'arn', 'prompt', 'message', 'label',
  'hint', 'text', 'description',
]);

/** Why a name says "credential", or undefined. */
export function credentialName(name: string): string | undefined {
  const words = wordsOf(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1] ?? '';
  if (NON_CREDENTIAL_TAIL.has(last)) return undefined;
  // AWS_ACCESS_KEY_ID and friends: identifiers, not secrets.
  if (words.length >= 2 && words[words.length - 2] === 'key' && (last === 'id' || last === 'ids')) return undefined;
  for (const w of words) if (CREDENTIAL_WORDS.has(w)) return w;
  for (const [a, b] of CREDENTIAL_PAIRS) {
    for (let i = 0; i + 1 < words.length; i++) if (words[i] === a && words[i + 1] === b) return `${a} ${b}`;
  }
  // Vendor names like AZURE_BATCH_KEY or OCI_CLI_KEY_CONTENT.
  if (words[0] === 'azure' && last === 'key') return 'azure key';
  // Run-together names such as dbpassword or authtoken, but not tokenizer or secretary.
  if (words.some((w) => /(?:password|passwd|passphrase|secret(?!ar)|apikey|privatekey|credential|token(?!iz))/.test(w))) return 'credential';
  return undefined;
}

/** True for a value that refers to a credential kept elsewhere rather than containing one. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    /^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(v) ||
    /^\$\{[^}]+\}$/.test(v) ||
    /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\d)$/.test(v) ||
    /^(?:os\.environ|os\.getenv|process\.env|System\.getenv|getenv\(|ENV\[|env\()/.test(v) ||
    /^\{\{.*\}\}$/s.test(v) ||
    /^<path:[^>]+>$/.test(v) ||
    /^%env\([^)]+\)%$/.test(v) ||
    /^ENC\[[A-Z0-9_]+,/.test(v) ||
    /^(?:vault|ref\+[a-z0-9]+|secretsmanager|awssm|ssm|sm|gcpsm|azurekeyvault|akv|keyvault|op|doppler|infisical|bws|kms|sops|k8s|secret|secretref):\/?\/?\S+$/i.test(v) ||
    /^arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):\S+$/.test(v) ||
    /^projects\/[^/\s]+\/secrets\/[^/\s]+(?:\/versions\/\S+)?$/.test(v)
  );
}

/** True for a value that cannot be a credential whatever its name says. */
export function isNonCredentialValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(?:true|false|yes|no|on|off|null|none|nil|enabled|disabled)$/i.test(v)) return true;
  // Numbers and durations are settings (PASSWORD_MIN_LENGTH=12, TOKEN_TTL=3600, TOKEN_REFRESH=5m).
  if (/^-?\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y|ki|mi|gi|k|kb|mb|gb|%)?$/i.test(v)) return true;
  if (/^(?:\.{1,2}\/|~\/|\/)[^\s]*$/.test(v) || /^[A-Za-z]:\\[^\s]*$/.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) && !credentialInUri(v)) return true;
  return isReference(v);
}

function credentialInUri(value: string): boolean {
  for (const m of value.matchAll(URI_USERINFO)) {
    if (!hasSchemeBefore(value, m.index)) continue;
    const pass = m[2] ?? '';
    if (pass !== '' && !isReference(decodeSafe(pass))) return true;
  }
  for (const m of value.matchAll(URL_QUERY_SECRET)) {
    const v = m[1] ?? '';
    if (v !== '' && !isNonCredentialValue(decodeSafe(v))) return true;
  }
  return false;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Every pattern below needs one of these substrings; one scan rejects the vast majority of values cheaply.
const MAY_HOLD_CREDENTIAL = /private|akia|asia|eyj|gh[pousr]_|github_pat_|xox[baprs]-|hooks\.slack|glpat-|aiza|k_live_|=|:\/\//i;

/** A credential format found in the value, whatever the name; undefined when none. */
export function credentialInValue(value: string): string | undefined {
  if (!MAY_HOLD_CREDENTIAL.test(value)) return undefined;
  for (const p of VALUE_PATTERNS) if (p.re.test(value)) return p.what;
  for (const m of value.matchAll(URI_USERINFO)) {
    if (!hasSchemeBefore(value, m.index)) continue;
    const pass = m[2] ?? '';
    if (pass !== '' && !isReference(decodeSafe(pass))) return 'a URI with an embedded user:password@';
  }
  for (const m of value.matchAll(URL_QUERY_SECRET)) {
    const v = m[1] ?? '';
    if (v !== '' && !isNonCredentialValue(decodeSafe(v))) return 'a URL with a credential in its query string';
  }
  for (const m of value.matchAll(CONN_STRING_SECRET)) {
    const v = (m[2] ?? '').replace(/^["']|["']$/g, '');
    if (v !== '' && !isReference(v)) return `a connection string with ${m[1] ?? 'Password'}=`;
  }
  return undefined;
}

/** Whether a name=value pair holds a literal credential, and why. */
export function detectCredential(name: string, value: string, nameSays: (name: string) => string | undefined = credentialName): Detection | undefined {
  const inValue = credentialInValue(value);
  if (inValue) return { by: 'value', what: inValue };
  const byName = nameSays(name);
  if (byName && !isNonCredentialValue(value)) return { by: 'name', what: byName };
  return undefined;
}

/** detectCredential for one scan: the same few variable names recur on every workload, so each is judged once. */
export function credentialDetector(): (name: string, value: string) => Detection | undefined {
  const names = new Map<string, string | undefined>();
  const nameSays = (name: string): string | undefined => {
    if (names.has(name)) return names.get(name);
    const why = credentialName(name);
    names.set(name, why);
    return why;
  };
  return (name, value) => detectCredential(name, value, nameSays);
}

/** A hint about a value that never reveals it: its length only. */
export function maskedHint(value: string): string {
  const n = [...value].length;
  return `${n} character${n === 1 ? '' : 's'}, masked`;
}

/** One-line description of a detection for messages; the value itself is never included. */
export function describeDetection(d: Detection, value: string): string {
  return d.by === 'value'
    ? `the value looks like ${d.what} (${maskedHint(value)})`
    : `the name says ${d.what} and the value is a literal (${maskedHint(value)})`;
}

/** key=value / key: value lines inside a config-file value (application.properties, .env, YAML). */
export function assignmentsIn(text: string): { readonly name: string; readonly value: string; readonly line: number }[] {
  const out: { name: string; value: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    // The value is trimmed in code: a lazy (.*?) before \s*$ backtracks quadratically over a long run of spaces.
    const m = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-[\]]*)["']?\s*[:=](.*)$/.exec(raw);
    if (!m) return;
    const rest = (m[2] ?? '').trim();
    const value = (rest.endsWith(',') ? rest.slice(0, -1).trimEnd() : rest).replace(/^(["'])(.*)\1$/, '$2');
    if (value === '' || value === '|' || value === '>') return;
    out.push({ name: m[1] ?? '', value, line: i + 1 });
  });
  return out;
}
