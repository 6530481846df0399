import { defineRule } from '../../core/rule.js';
import { meshOf, networkOf } from '../../analysis/shared-models.js';
import type { ResourceRef } from '../../core/resource.js';
import { phiNamespaces } from '../support/namespaces.js';

const ISTIO_ROOT = 'istio-system';

// The policy that lets plaintext in is one cause with every workload it decides for.
const policyCause = (r: ResourceRef): string => `peer-authentication|${r.namespace ?? ''}|${r.name}`;

export default defineRule({
  meta: {
    id: 'HK-TX-008',
    slug: 'mesh-mtls-strict',
    needs: 'PHI workloads, with PeerAuthentication/DestinationRule or Linkerd annotations when a mesh is used',
    messages: {
      notStrict: '{{scope}} workload {{kind}} "{{name}}" accepts plaintext in-cluster traffic: {{why}}.',
      noMesh: '{{scope}} workload {{kind}} "{{name}}" is not in a service mesh with mTLS ({{why}}); in-cluster traffic is encrypted only if the application does it (attach that evidence).',
      weakPolicy: 'PeerAuthentication "{{name}}" in {{scope}} accepts plaintext ({{why}}): any workload it selects, now or later, takes unauthenticated, unencrypted connections.',
      tlsDisabled: 'DestinationRule "{{name}}" sets trafficPolicy.tls.mode DISABLE for host {{host}}, sending PHI traffic in plaintext.',
    },
  },
  evaluates: (context) => meshOf(context).weakPolicies.length > 0 || networkOf(context).pods.length > 0,
  create(context) {
    return {
      end() {
        const network = networkOf(context);
        const mesh = meshOf(context);
        // The policy itself is the finding, so a PERMISSIVE policy counts even with no workload in the input.
        const anyPhi = phiNamespaces(context.inventory).length > 0;
        for (const p of mesh.weakPolicies) {
          const root = p.namespace === ISTIO_ROOT;
          if (!(root ? anyPhi : context.isPhi(p.resource))) continue;
          context.report({ resource: p.resource, path: '/spec/mtls/mode', messageId: 'weakPolicy', phi: true, cause: policyCause(p.resource.ref),
            data: { name: p.resource.ref.name, scope: root ? 'the mesh root namespace (every namespace without its own policy)' : `${context.scopeOf(p.resource).level === 'phi-adjacent' ? 'phi-adjacent' : 'PHI'} namespace ${p.namespace}`, why: p.why } });
        }
        if (network.pods.length === 0) return;
        for (const pod of network.pods) {
          if (!context.isPhi(pod.node.resource)) continue;
          const v = mesh.verdict(pod);
          if (v.state === 'strict') continue;
          const data = { kind: pod.kind, name: pod.name, why: v.why };
          // One summarised finding per namespace without a mesh: the cause is the namespace, the workloads are listed with it.
          if (v.mesh === 'none') context.report({ resource: pod.node.resource, path: pod.node.template.path, messageId: 'noMesh', data, severity: 'medium', cause: `no-mesh|${pod.namespace}` });
          else context.report({ resource: v.decidedBy ?? pod.node.resource, path: v.decidedBy ? '/spec/mtls/mode' : pod.node.template.path, messageId: 'notStrict', data, phi: true,
            ...(v.decidedBy ? { cause: policyCause(v.decidedBy.ref) } : {}) });
        }
        for (const dr of mesh.tlsDisabledRules) {
          if (!context.isPhi(dr)) continue;
          const spec = dr.object['spec'] as Record<string, unknown> | undefined;
          context.report({ resource: dr, path: '/spec/trafficPolicy/tls/mode', messageId: 'tlsDisabled', data: { name: dr.ref.name, host: String(spec?.['host'] ?? '?') },
            fix: { description: 'use Istio mutual TLS', patch: [{ op: 'replace', path: '/spec/trafficPolicy/tls/mode', value: 'ISTIO_MUTUAL' }] } });
        }
      },
    };
  },
});
