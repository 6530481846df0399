/** Cipher suites with forward secrecy and AEAD, as CIS 1.2.29/4.2.12 intend them (TLS 1.3 suites included). */
export const STRONG_CIPHERS: ReadonlySet<string> = new Set([
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
]);

export interface CipherGrade {
  /** Broken or deprecated: RC4, 3DES, CBC, NULL, EXPORT, MD5. */
  readonly insecure: readonly string[];
  /** AEAD but without forward secrecy (TLS_RSA_*). */
  readonly noForwardSecrecy: readonly string[];
}

export function gradeCiphers(suites: readonly string[]): CipherGrade {
  const insecure: string[] = [];
  const noForwardSecrecy: string[] = [];
  for (const s of suites) {
    if (STRONG_CIPHERS.has(s)) continue;
    if (/^TLS_RSA_WITH_AES_\d+_GCM_SHA\d+$/.test(s)) noForwardSecrecy.push(s);
    else insecure.push(s);
  }
  return { insecure, noForwardSecrecy };
}

/** TLS versions as Kubernetes components spell them; undefined for unknown spellings. */
export function tlsVersionRank(v: string): number | undefined {
  const m = /^VersionTLS1(0|1|2|3)$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

/** OpenSSL cipher-string tokens that enable broken ciphers (ingress-nginx ssl-ciphers). */
export function weakOpensslCiphers(cipherString: string): string[] {
  return cipherString.split(/[:,\s]+/).filter((t) => t !== '' && !t.startsWith('!') && !t.startsWith('-') && /(NULL|EXPORT|RC4|3DES|DES-CBC|MD5|aNULL|eNULL)/i.test(t));
}
