import { defineRule } from '../../core/rule.js';
import { asObject, asString } from '../../core/resource.js';
import { clusterScanStatus, isClusterScan } from '../../core/cluster-scan.js';

/** Upstream end of maintenance per minor (kubernetes.io/releases; patch releases stop on these dates). */
const END_OF_LIFE: Readonly<Record<number, string>> = {
  25: '2023-10-28', 26: '2024-02-28', 27: '2024-06-28', 28: '2024-10-28', 29: '2025-02-28', 30: '2025-06-28',
  31: '2025-10-28', 32: '2026-02-28', 33: '2026-06-28', 34: '2026-10-27', 35: '2027-02-28',
};
const OLDEST_LISTED = 25;

function minorOf(text: string | undefined): number | undefined {
  const m = /^v?1\.(\d+)/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

export default defineRule({
  meta: {
    id: 'HK-IN-010',
    slug: 'kubernetes-version-supported',
    needs: 'the server version (phiguard scan --cluster reads /version) or --kubernetes-version',
    kinds: ['ClusterScan'],
    marksEvaluated: true,
    messages: {
      ended: 'The API server runs Kubernetes {{version}}, whose upstream support ended on {{eol}}: it no longer receives security fixes.',
      ancient: 'The API server runs Kubernetes {{version}}, older than every release still maintained.',
    },
  },
  evaluates: (context) => minorOf(asString(asObject(clusterScanStatus(context.inventory.resources)?.['version'])?.['gitVersion']) ?? context.config.kubernetesVersion) !== undefined,
  create(context) {
    const now = Date.parse(context.config.now);
    return {
      end() {
        const scan = context.inventory.resources.find(isClusterScan);
        const version = asString(asObject(clusterScanStatus(context.inventory.resources)?.['version'])?.['gitVersion']) ?? context.config.kubernetesVersion;
        const minor = minorOf(version);
        if (version === undefined || minor === undefined) return;
        if (context.config.provider) {
          // Managed providers sell extended support past upstream end of life; their calendar is not in the input.
          if (minor < OLDEST_LISTED) context.report({ ...(scan ? { resource: scan } : {}), path: '/status/version', messageId: 'ancient', data: { version }, phi: true });
          return;
        }
        const eol = END_OF_LIFE[minor];
        if (minor < OLDEST_LISTED) context.report({ ...(scan ? { resource: scan } : {}), path: '/status/version', messageId: 'ancient', data: { version }, phi: true });
        else if (eol && Date.parse(eol) < now) context.report({ ...(scan ? { resource: scan } : {}), path: '/status/version', messageId: 'ended', data: { version, eol }, phi: true });
      },
    };
  },
});
