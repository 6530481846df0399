import { defineRule } from '../../core/rule.js';

const SHARED = new Set(['default', 'kube-system', 'kube-public']);

export default defineRule({
  meta: {
    id: 'HK-AC-014',
    slug: 'phi-shared-namespace',
    needs: 'workloads with PHI scope declared',
    messages: {
      shared: '{{scope}} workload {{kind}} "{{name}}" runs in the shared namespace "{{ns}}", where every tenant and system component has access.',
      mixed: 'Namespace "{{ns}}" mixes PHI workloads ({{phi}}) with non-PHI ones ({{other}}): RBAC and NetworkPolicy boundaries are per namespace.',
    },
  },
  evaluates: (context) => context.inventory.podSpecs.length > 0,
  create(context) {
    return {
      end() {
        const inv = context.inventory;
        const byNs = new Map<string, { phi: string[]; other: string[]; first?: (typeof inv.podSpecs)[number] }>();
        for (const pod of inv.podSpecs) {
          const d = inv.scope.decide(pod.resource);
          const isPhi = d.level === 'phi';
          if (isPhi && SHARED.has(pod.namespace)) {
            context.report({ resource: pod.resource, path: '/metadata/namespace', messageId: 'shared', data: { kind: pod.resource.ref.kind, name: pod.resource.ref.name, ns: pod.namespace },
              // The shared namespace is the cause: one finding per namespace, its PHI workloads listed.
              cause: `shared-namespace|${pod.namespace}` });
          }
          let e = byNs.get(pod.namespace);
          if (!e) byNs.set(pod.namespace, (e = { phi: [], other: [] }));
          (isPhi ? e.phi : e.other).push(pod.resource.ref.name);
          if (isPhi && !e.first) e.first = pod;
        }
        for (const [ns, e] of byNs) {
          if (e.phi.length === 0 || e.other.length === 0 || !e.first) continue;
          context.report({ resource: e.first.resource, path: '/metadata', messageId: 'mixed', data: { ns, phi: e.phi.slice(0, 3).join(', '), other: e.other.slice(0, 3).join(', ') } });
        }
      },
    };
  },
});
