import { asArray, asObject, asString } from '../../core/resource.js';
import type { PodEndpoint } from './model.js';

export const TIER_LABEL = 'phiguard.dev/tier';
const DB_IMAGE = /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|valkey|elasticsearch|opensearch|mssql|cassandra|couchdb|cockroach|timescaledb)([:@]|$|-)/i;
const DB_PORTS: ReadonlySet<number> = new Set([5432, 3306, 27017, 6379, 9200, 1433, 9042, 26257]);

/** Why a pod counts as data tier (label, database image or port), or undefined when it does not. */
export function dataTierReason(pod: PodEndpoint): string | undefined {
  const tier = pod.labels[TIER_LABEL];
  if (tier !== undefined) return tier === 'data' ? `label ${TIER_LABEL}=data` : undefined;
  for (const c of asArray(pod.node.template.spec['containers'])) {
    const image = asString(asObject(c)?.['image']) ?? '';
    if (DB_IMAGE.test(image)) return `database image ${image}`;
  }
  const port = pod.ports.find((p) => DB_PORTS.has(p.port));
  return port ? `database port ${port.port}` : undefined;
}

export function tierOf(pod: PodEndpoint): 'edge' | 'app' | 'data' | undefined {
  const t = pod.labels[TIER_LABEL];
  if (t === 'edge' || t === 'app' || t === 'data') return t;
  return dataTierReason(pod) ? 'data' : undefined;
}
