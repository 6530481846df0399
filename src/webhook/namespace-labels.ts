import { readFileSync } from 'node:fs';
import https from 'node:https';

/** Namespace labels as the API server has them; undefined when they cannot be known (no credentials, error). */
export type NamespaceLabelLookup = (namespace: string) => Promise<Readonly<Record<string, string>> | undefined>;

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const TTL_MS = 60_000;
const LOOKUP_TIMEOUT_MS = 1000;

interface Cached { readonly at: number; readonly labels: Readonly<Record<string, string>> | undefined }

/** In-cluster lookup with the pod's service-account token, cached per namespace; undefined outside a cluster. */
export function inClusterLookup(env: Readonly<Record<string, string | undefined>>, saDir = SA_DIR): NamespaceLabelLookup | undefined {
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
  if (!host) return undefined;
  let ca: Buffer;
  try {
    ca = readFileSync(`${saDir}/ca.crt`);
  } catch {
    return undefined;
  }
  const cache = new Map<string, Cached>();
  const fetchLabels = (ns: string): Promise<Readonly<Record<string, string>> | undefined> => new Promise((resolve) => {
    let token: string;
    try {
      // Re-read each time: the kubelet rotates projected tokens.
      token = readFileSync(`${saDir}/token`, 'utf8').trim();
    } catch {
      resolve(undefined);
      return;
    }
    const req = https.get({ host, port, path: `/api/v1/namespaces/${encodeURIComponent(ns)}`, ca, headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, timeout: LOOKUP_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) { resolve(undefined); return; }
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { metadata?: { labels?: Record<string, string> } };
          resolve(body.metadata?.labels ?? {});
        } catch {
          resolve(undefined);
        }
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
  return async (ns) => {
    const hit = cache.get(ns);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.labels;
    const labels = await fetchLabels(ns);
    // Failures are cached briefly too, so an unreachable API server does not slow every review.
    cache.set(ns, { at: labels === undefined ? Date.now() - TTL_MS + 5000 : Date.now(), labels });
    return labels;
  };
}
