import { defineRule } from '../../core/rule.js';
import { asObject, asString, isObject } from '../../core/resource.js';
import { assignmentsIn, credentialInValue, credentialName, isNonCredentialValue, isReference, wordsOf } from '../support/secret-detectors.js';

// Keys that hold the credential of each typed Secret (the Kubernetes Secret types); the other keys (tls.crt, ca.crt, username) are public or identifiers.
const CREDENTIAL_KEYS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/tls': ['tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/basic-auth': ['password'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/service-account-token': ['token'],
  'bootstrap.kubernetes.io/token': ['token-secret'],
};
// Key names that are credential files when mounted (a Secret's keys become file names).
const CREDENTIAL_FILE = /\.(?:key|pem|p12|pfx|jks|keystore|kubeconfig)$|(?:^|[./_-])(?:id_(?:rsa|dsa|ecdsa|ed25519)|\.?htpasswd|\.?netrc|\.?pgpass|\.git-credentials|\.dockerconfigjson|\.dockercfg|credentials(?:\.json)?|kubeconfig)$/i;
const PUBLIC_MATERIAL = /(?<!-)-{3,}\s*BEGIN\s+(?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL)/;
// A generated secret: a long run of key characters mixing letters and digits (hex or base64 output of a generator).
const RANDOM_RUN = /[A-Za-z0-9+/_=-]{20,}/g;

function decoded(field: 'data' | 'stringData', value: string): string | undefined {
  if (field === 'stringData') return value;
  const bytes = Buffer.from(value, 'base64');
  const text = bytes.toString('utf8');
  let bad = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\uFFFD' || (code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t')) bad++;
  }
  // Binary content (a keystore, a raw key) is not readable text, so it cannot be shown not to be a credential.
  return text.length > 0 && bad / text.length < 0.02 ? text : undefined;
}

function looksGenerated(value: string): boolean {
  for (const m of value.matchAll(RANDOM_RUN)) {
    const run = m[0];
    if (/[0-9]/.test(run) && /[A-Za-z]/.test(run) && !/^[a-z][a-z0-9-]*$/.test(run)) return true;
  }
  return false;
}

/** In a Secret, a name ending in "key" (vaultkey, signing_key) names a key, unless it says it is an id or a path. */
function secretKeyName(name: string): boolean {
  const words = wordsOf(name);
  const last = words[words.length - 1] ?? '';
  return /key$/.test(last) && last !== 'monkey';
}

/** Whether one decoded value of a Secret holds a credential, judged with the shared secret detectors. */
function holdsCredential(key: string, text: string | undefined): boolean {
  if (text === undefined) return true;
  if (text.trim() === '' || isReference(text)) return false;
  if (CREDENTIAL_FILE.test(key)) return !PUBLIC_MATERIAL.test(text);
  if (credentialInValue(text) !== undefined) return true;
  if (!text.includes('\n')) {
    if (isNonCredentialValue(text)) return false;
    if (credentialName(key) !== undefined || secretKeyName(key)) return true;
    return looksGenerated(text);
  }
  // A config file: a credential is a setting in it named like one, or a generated value.
  return assignmentsIn(text).some((a) => !/\s/.test(a.value) && !isNonCredentialValue(a.value) && (credentialName(a.name) !== undefined || looksGenerated(a.value)));
}

/** Keys of data/stringData holding a credential: typed keys by the Secret type, the rest by their decoded content. */
function credentialKeys(type: string, field: 'data' | 'stringData', section: unknown): string[] {
  const o = asObject(section);
  if (!o) return [];
  const typed = CREDENTIAL_KEYS_BY_TYPE[type];
  return Object.entries(o)
    .filter(([k, v]) => {
      if (v === null || typeof v === 'object') return false;
      const raw = String(v);
      if (raw === '' || isReference(raw)) return false;
      if (typed?.includes(k)) return true;
      return holdsCredential(k, decoded(field, raw));
    })
    .map(([k]) => k);
}

function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => `"${k}"`).join(', ');
  return keys.length > 5 ? `${shown} and ${keys.length - 5} more` : shown;
}

export default defineRule({
  meta: {
    id: 'HK-SE-003',
    slug: 'plaintext-secret-manifests',
    needs: 'Secret manifests',
    kinds: ['Secret'],
    messages: {
      plaintext: 'Secret "{{name}}" has {{count}} plaintext value(s) in {{field}} ({{keys}}); base64 is an encoding, not encryption, so anyone with the file has the credential.',
    },
  },
  create(context) {
    return {
      resource(r) {
        // SOPS keeps its metadata under a top-level sops: key; values are then ENC[...] strings.
        if (isObject(r.object['sops'])) return;
        const type = asString(r.object['type']) ?? 'Opaque';
        for (const field of ['stringData', 'data'] as const) {
          const keys = credentialKeys(type, field, r.object[field]);
          if (keys.length === 0) continue;
          context.report({
            resource: r,
            path: `/${field}`,
            messageId: 'plaintext',
            data: { name: r.ref.name, count: keys.length, field, keys: listKeys(keys) },
            remediation: `Do not commit this ${type} Secret: encrypt it with SOPS, replace it with a SealedSecret, or sync it from an external store with an ExternalSecret, then rotate the values that were exposed.`,
          });
        }
      },
    };
  },
});
