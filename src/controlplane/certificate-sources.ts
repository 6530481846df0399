import type { Inventory } from '../core/inventory.js';
import type { KubeResource } from '../core/resource.js';
import { asArray, asObject, asString } from '../core/resource.js';
import type { CertificateSummary } from './certificate.js';
import { certificateBlocks, subjectField, summarizeCertificate } from './certificate.js';

/** A certificate found in the input: a PEM file, a kubeconfig's embedded data, or a kubernetes.io/tls Secret. */
export interface FoundCertificate {
  readonly resource: KubeResource;
  readonly path: string;
  readonly label: string;
  readonly cert: CertificateSummary;
  /** A client certificate of a person (not a system: component identity). */
  readonly humanClient: boolean;
}

function isHumanClient(c: CertificateSummary): boolean {
  if (c.isCA || !c.extendedKeyUsage.includes('clientAuth') || c.extendedKeyUsage.includes('serverAuth')) return false;
  const cn = subjectField(c.subject, 'CN')[0] ?? '';
  return cn !== '' && !cn.startsWith('system:') && !cn.startsWith('kube-') && !cn.startsWith('etcd');
}

function fromPem(pem: string): CertificateSummary[] {
  const out: CertificateSummary[] = [];
  for (const b of certificateBlocks(pem)) {
    try { out.push(summarizeCertificate(b.pem)); } catch { /* an unreadable block is reported by the source that read the file */ }
  }
  return out;
}

function decode(b64: string | undefined): string {
  return b64 === undefined ? '' : Buffer.from(b64, 'base64').toString('utf8');
}

export function certificatesIn(inventory: Inventory): FoundCertificate[] {
  const out: FoundCertificate[] = [];
  for (const r of inventory.ofKind('PemCertificate')) {
    asArray(r.object['certificates']).forEach((raw, i) => {
      const c = asObject(raw) as unknown as CertificateSummary | undefined;
      if (!c || typeof c.notAfter !== 'string') return;
      const cn = subjectField(c.subject, 'CN')[0] ?? c.subject;
      out.push({ resource: r, path: `/certificates/${i}`, label: `${r.ref.name} (CN=${cn})`, cert: c, humanClient: isHumanClient(c) });
    });
  }
  for (const r of inventory.ofKind('Config')) {
    asArray(r.object['users']).forEach((raw, i) => {
      const u = asObject(raw);
      const data = asString(asObject(u?.['user'])?.['client-certificate-data']);
      for (const cert of fromPem(decode(data))) {
        out.push({ resource: r, path: `/users/${i}/user/client-certificate-data`, label: `kubeconfig ${r.origin.file} user ${asString(u?.['name']) ?? i}`, cert, humanClient: isHumanClient(cert) });
      }
    });
  }
  for (const r of inventory.ofKind('Secret')) {
    if (asString(r.object['type']) !== 'kubernetes.io/tls') continue;
    const data = asString(asObject(r.object['data'])?.['tls.crt']);
    const first = fromPem(decode(data))[0];
    if (first) out.push({ resource: r, path: '/data/tls.crt', label: `Secret ${r.ref.namespace ?? ''}/${r.ref.name}`, cert: first, humanClient: false });
  }
  return out;
}
