import { X509Certificate } from 'node:crypto';
import type { JsonObject } from '../core/resource.js';

/** What phiguard keeps of an X.509 certificate: never the key, never the raw bytes. */
export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly publicKey: { readonly type: string; readonly bits?: number; readonly curve?: string };
  readonly signatureAlgorithm: string;
  readonly isCA: boolean;
  readonly selfSigned: boolean;
  readonly subjectAltNames: readonly string[];
  readonly extendedKeyUsage: readonly string[];
  readonly fingerprint256: string;
}

const SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

/** Reads one DER TLV header: returns where the content starts and ends. */
function tlv(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = der[at] ?? 0;
  let len = der[at + 1] ?? 0;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] ?? 0);
    start += n;
  }
  return { tag, start, end: start + len };
}

function decodeOid(bytes: Uint8Array): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) { parts.push(v); v = 0; }
  }
  return parts.join('.');
}

/** The signature algorithm of a DER certificate (Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signature }). */
export function signatureAlgorithmOf(der: Uint8Array): string {
  try {
    const cert = tlv(der, 0);
    const tbs = tlv(der, cert.start);
    const alg = tlv(der, tbs.end);
    const oid = tlv(der, alg.start);
    if (oid.tag !== 0x06) return 'unknown';
    const dotted = decodeOid(der.subarray(oid.start, oid.end));
    return SIGNATURE_OIDS[dotted] ?? dotted;
  } catch {
    return 'unknown';
  }
}

const EKU_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
};

/** Parses one PEM certificate block; throws with a reason when it is not a certificate. */
export function summarizeCertificate(pem: string | Buffer): CertificateSummary {
  const x = new X509Certificate(pem);
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails;
  const publicKey = {
    type: key.asymmetricKeyType ?? 'unknown',
    ...(details?.modulusLength !== undefined ? { bits: details.modulusLength } : {}),
    ...(details?.namedCurve !== undefined ? { curve: details.namedCurve } : {}),
  };
  const sans = (x.subjectAltName ?? '').split(/,\s*/).filter((s) => s !== '');
  const eku = (x.keyUsage ?? []).map((o) => EKU_NAMES[o] ?? o);
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    publicKey,
    signatureAlgorithm: signatureAlgorithmOf(new Uint8Array(x.raw)),
    isCA: x.ca,
    selfSigned: x.subject === x.issuer && safeCheckIssued(x),
    subjectAltNames: sans,
    extendedKeyUsage: eku,
    fingerprint256: x.fingerprint256,
  };
}

function safeCheckIssued(x: X509Certificate): boolean {
  try {
    return x.checkIssued(x);
  } catch {
    return false;
  }
}

/** The certificate as a JSON object for synthetic resources. */
export function certificateJson(c: CertificateSummary): JsonObject {
  return JSON.parse(JSON.stringify(c)) as JsonObject;
}

/** The certificate blocks of a PEM text with their 1-based start lines; private-key blocks are skipped, never read. */
export function certificateBlocks(text: string): { readonly pem: string; readonly line: number }[] {
  const out: { pem: string; line: number }[] = [];
  const begin = '-----BEGIN CERTIFICATE-----';
  const end = '-----END CERTIFICATE-----';
  // indexOf, not a lazy regex: many BEGINs without an END made the regex rescan the rest of the text from each.
  let at = text.indexOf(begin);
  while (at >= 0) {
    const stop = text.indexOf(end, at + begin.length);
    if (stop < 0) break;
    out.push({ pem: text.slice(at, stop + end.length), line: text.slice(0, at).split('\n').length });
    at = text.indexOf(begin, stop + end.length);
  }
  return out;
}

/** Subject field value, e.g. CN or O (all values of O when repeated). */
export function subjectField(subject: string, field: string): string[] {
  return subject.split(/,\s*/).filter((p) => p.startsWith(field + '=')).map((p) => p.slice(field.length + 1));
}

export function validityDays(c: CertificateSummary): number {
  return (Date.parse(c.notAfter) - Date.parse(c.notBefore)) / 86_400_000;
}

/** Grades key and signature: undefined when acceptable, otherwise what is weak. */
export function certificateWeakness(c: CertificateSummary): string | undefined {
  const problems: string[] = [];
  if (c.publicKey.type === 'rsa' && (c.publicKey.bits ?? 0) < 2048) problems.push(`RSA key of ${c.publicKey.bits ?? '?'} bits (< 2048)`);
  if (c.publicKey.type === 'dsa') problems.push('DSA key');
  if (c.publicKey.type === 'ec' && c.publicKey.curve !== undefined && !['prime256v1', 'secp384r1', 'secp521r1'].includes(c.publicKey.curve)) problems.push(`EC curve ${c.publicKey.curve}`);
  if (/sha1|md5/i.test(c.signatureAlgorithm)) problems.push(`${c.signatureAlgorithm} signature`);
  return problems.length > 0 ? problems.join(', ') : undefined;
}
