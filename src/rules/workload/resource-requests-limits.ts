import type { Inventory } from '../../core/inventory.js';
import { defineRule } from '../../core/rule.js';
import type { JsonObject } from '../../core/resource.js';
import { asArray, asObject } from '../../core/resource.js';

interface Defaults { readonly request: Set<string>; readonly limit: Set<string> }

/** Resources for which a LimitRange in the namespace fills in container requests or limits at admission. */
function limitRangeDefaults(inventory: Inventory, namespace: string): Defaults {
  const request = new Set<string>();
  const limit = new Set<string>();
  for (const lr of inventory.inNamespace(namespace)) {
    if (lr.ref.kind !== 'LimitRange') continue;
    for (const raw of asArray(asObject(lr.object['spec'])?.['limits'])) {
      const item = asObject(raw);
      if (!item || (item['type'] !== undefined && item['type'] !== 'Container')) continue;
      // A default limit also becomes the default request when defaultRequest is absent.
      for (const k of Object.keys(asObject(item['default']) ?? {})) { limit.add(k); request.add(k); }
      for (const k of Object.keys(asObject(item['defaultRequest']) ?? {})) request.add(k);
    }
  }
  return { request, limit };
}

function has(o: JsonObject | undefined, key: string): boolean {
  const v = o?.[key];
  return v !== undefined && v !== null && v !== '';
}

export default defineRule({
  meta: {
    id: 'HK-AV-001',
    slug: 'resource-requests-limits',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      cpuRequest: 'Container "{{container}}" has no CPU request (and no LimitRange default applies), so the scheduler cannot reserve CPU for it.',
      memoryRequest: 'Container "{{container}}" has no memory request (and no LimitRange default applies), so it can be placed on a node without memory for it.',
      memoryLimit: 'Container "{{container}}" has no memory limit (and no LimitRange default applies), so it can exhaust node memory and get other pods, PHI workloads included, OOM-killed.',
    },
  },
  create(context) {
    return {
      container(c) {
        // Ephemeral containers cannot declare resources.
        if (c.kind === 'ephemeralContainers') return;
        const resources = asObject(c.container['resources']);
        const requests = asObject(resources?.['requests']);
        const limits = asObject(resources?.['limits']);
        const defaults = context.models.get(`workload/limit-range-defaults/${c.pod.namespace}`, () => limitRangeDefaults(context.inventory, c.pod.namespace));
        const path = resources ? `${c.path}/resources` : c.path;
        const data = { container: c.name };
        // A classic init container runs to completion before the app starts and holds nothing for the pod's life (a
        // restartPolicy: Always sidecar does, so it counts as a container): its missing resources are low risk.
        const runsToCompletion = c.kind === 'initContainers' && c.container['restartPolicy'] !== 'Always';
        // What one container lacks is one cause: its requests and limits are reported as one finding.
        const extra = { cause: `container-resources|${c.pod.resource.ref.kind}|${c.pod.resource.ref.namespace ?? ''}|${c.pod.resource.ref.name}|${c.path}`,
          ...(runsToCompletion ? { severity: 'low' as const } : {}) };
        // The API server copies a limit into an absent request, so a limit alone also reserves.
        const requested = (k: string): boolean => has(requests, k) || has(limits, k) || defaults.request.has(k);
        if (!requested('cpu')) context.report({ resource: c.pod.resource, path: requests ? `${c.path}/resources/requests` : path, messageId: 'cpuRequest', data, ...extra });
        if (!requested('memory')) context.report({ resource: c.pod.resource, path: requests ? `${c.path}/resources/requests` : path, messageId: 'memoryRequest', data, ...extra });
        if (!has(limits, 'memory') && !defaults.limit.has('memory')) context.report({ resource: c.pod.resource, path: limits ? `${c.path}/resources/limits` : path, messageId: 'memoryLimit', data, ...extra });
      },
    };
  },
});
