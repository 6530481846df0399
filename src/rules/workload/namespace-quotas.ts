import { defineRule } from '../../core/rule.js';
import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject } from '../../core/resource.js';

export default defineRule({
  meta: {
    id: 'HK-AV-002',
    slug: 'namespace-quotas',
    needs: 'Namespaces or workloads, with the ResourceQuotas and LimitRanges of their namespaces',
    messages: {
      noQuota: 'PHI namespace "{{namespace}}" has no ResourceQuota with hard limits in the input, so one runaway workload can consume the capacity PHI services need.',
      noLimitRange: 'PHI namespace "{{namespace}}" has no LimitRange in the input, so containers without requests or limits get none.',
    },
  },
  evaluates: (context) => context.inventory.ofKind('Namespace').length > 0 || context.inventory.podSpecs.length > 0,
  create(context) {
    return {
      end() {
        const { inventory } = context;
        // Only namespaces the input shows: as Namespace objects or as the home of a workload.
        const anchors = new Map<string, { resource: KubeResource; isNamespace: boolean }>();
        for (const ns of inventory.ofKind('Namespace')) anchors.set(ns.ref.name, { resource: ns, isNamespace: true });
        for (const p of inventory.podSpecs) if (!anchors.has(p.namespace)) anchors.set(p.namespace, { resource: p.resource, isNamespace: false });
        for (const [namespace, anchor] of anchors) {
          if (inventory.scope.namespaceLevel(namespace) !== 'phi') continue;
          const objects = inventory.inNamespace(namespace);
          const quota = objects.some((o) => o.ref.kind === 'ResourceQuota' && Object.keys(asObject(asObject(o.object['spec'])?.['hard']) ?? {}).length > 0);
          const limitRange = objects.some((o) => o.ref.kind === 'LimitRange' && asArray(asObject(o.object['spec'])?.['limits']).length > 0);
          const path = anchor.isNamespace ? '' : '/metadata';
          if (!quota) context.report({ resource: anchor.resource, path, messageId: 'noQuota', data: { namespace }, phi: true });
          if (!limitRange) context.report({ resource: anchor.resource, path, messageId: 'noLimitRange', data: { namespace }, phi: true });
        }
      },
    };
  },
});
