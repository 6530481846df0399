import type { JsonObject, KubeResource } from '../core/resource.js';
import { asArray, asObject, asString } from '../core/resource.js';

export type ProviderName = 'identity' | 'aescbc' | 'aesgcm' | 'secretbox' | 'kms' | 'unknown';

export interface EncryptionProvider {
  readonly name: ProviderName;
  /** kms apiVersion: v1 unless it says v2. */
  readonly kmsVersion?: 'v1' | 'v2';
  readonly path: string;
  /** Local key material written in the file (aescbc, aesgcm, secretbox). */
  readonly rawKeys: boolean;
}

export interface EncryptionEntry {
  readonly index: number;
  readonly path: string;
  readonly resources: readonly string[];
  readonly providers: readonly EncryptionProvider[];
}

const PROVIDER_NAMES: readonly ProviderName[] = ['identity', 'aescbc', 'aesgcm', 'secretbox', 'kms'];

function providerOf(p: JsonObject, path: string): EncryptionProvider {
  const name = PROVIDER_NAMES.find((n) => p[n] !== undefined) ?? 'unknown';
  const body = asObject(p[name]);
  const rawKeys = name !== 'identity' && name !== 'kms' && asArray(body?.['keys']).some((k) => asString(asObject(k)?.['secret']) !== undefined);
  if (name === 'kms') return { name, kmsVersion: asString(body?.['apiVersion']) === 'v2' ? 'v2' : 'v1', path: `${path}/kms`, rawKeys };
  return { name, path: `${path}/${name}`, rawKeys };
}

export function encryptionEntries(config: KubeResource): EncryptionEntry[] {
  return asArray(config.object['resources']).map((raw, index) => {
    const e = asObject(raw) ?? {};
    const path = `/resources/${index}`;
    return {
      index,
      path,
      resources: asArray(e['resources']).map((r) => asString(r) ?? ''),
      providers: asArray(e['providers']).map((p, j) => providerOf(asObject(p) ?? {}, `${path}/providers/${j}`)),
    };
  });
}

/** Whether an entry's resource string names group/resource, with the `*.group` and `*.*` wildcards. */
export function entryMatches(pattern: string, resource: string, group: string): boolean {
  if (pattern === '*.*') return true;
  const full = group === '' ? resource : `${resource}.${group}`;
  if (pattern === full) return true;
  if (group === '' && pattern === `${resource}.`) return true;
  if (pattern === `*.${group}`) return true;
  return false;
}

/** The entry that decides how group/resource is written: the first one that matches, as the API server does. */
export function entryFor(entries: readonly EncryptionEntry[], resource: string, group = ''): EncryptionEntry | undefined {
  return entries.find((e) => e.resources.some((p) => entryMatches(p, resource, group)));
}

export interface ProviderGrade {
  /** undefined = strong enough to pass. */
  readonly weakness?: 'plaintext' | 'weak';
  readonly text: string;
}

/** Grades the provider that writes the data, as controls.md HK-EN-003 says. */
export function gradeProvider(p: EncryptionProvider): ProviderGrade {
  switch (p.name) {
    case 'identity':
      return { weakness: 'plaintext', text: 'identity: written unencrypted' };
    case 'kms':
      return p.kmsVersion === 'v2'
        ? { text: 'kms v2: envelope encryption with an external key (strongest)' }
        : { weakness: 'weak', text: 'kms v1: deprecated since Kubernetes 1.28 and disabled by default since 1.29; move to kms apiVersion v2' };
    case 'secretbox':
      return { text: 'secretbox: strong (XSalsa20-Poly1305), but the key sits on the control-plane host' };
    case 'aesgcm':
      return { weakness: 'weak', text: 'aesgcm: safe only with automated key rotation before 200,000 writes per key; the key sits on the control-plane host' };
    case 'aescbc':
      return { weakness: 'weak', text: 'aescbc: accepted by CIS 1.2.28 but rated weak by the Kubernetes docs (padding-oracle exposure); the key sits on the control-plane host' };
    default:
      return { weakness: 'weak', text: 'unknown provider: the API server will refuse this configuration' };
  }
}
