import { defineRule } from '../../core/rule.js';
import { meshOf, networkOf } from '../../analysis/shared-models.js';

export default defineRule({
  meta: {
    id: 'HK-TX-008',
    slug: 'mesh-mtls-strict',
    needs: 'PHI workloads, with PeerAuthentication/DestinationRule or Linkerd annotations when a mesh is used',
    messages: {
      notStrict: 'PHI workload {{kind}} "{{name}}" accepts plaintext in-cluster traffic: {{why}}.',
      noMesh: 'PHI workload {{kind}} "{{name}}" is not in a service mesh with mTLS ({{why}}); in-cluster traffic is encrypted only if the application does it (attach that evidence).',
      tlsDisabled: 'DestinationRule "{{name}}" sets trafficPolicy.tls.mode DISABLE for host {{host}}, sending PHI traffic in plaintext.',
    },
  },
  create(context) {
    return {
      end() {
        const network = networkOf(context);
        const mesh = meshOf(context);
        if (network.pods.length === 0) return;
        context.markEvaluated();
        for (const pod of network.pods) {
          if (!context.isPhi(pod.node.resource)) continue;
          const v = mesh.verdict(pod);
          if (v.state === 'strict') continue;
          const data = { kind: pod.kind, name: pod.name, why: v.why };
          if (v.mesh === 'none') context.report({ resource: pod.node.resource, path: pod.node.template.path, messageId: 'noMesh', data, severity: 'medium' });
          else context.report({ resource: v.decidedBy ?? pod.node.resource, path: v.decidedBy ? '/spec/mtls/mode' : pod.node.template.path, messageId: 'notStrict', data, phi: true });
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
