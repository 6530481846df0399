import { defineRule } from '../../core/rule.js';
import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { podTemplateOf } from '../../core/kinds.js';

interface Cni { readonly name: string; readonly enforces: boolean; readonly resource: KubeResource }

const ENFORCING = /(^|[/-])(calico-node|cilium|cilium-agent|anetd|antrea-agent|kube-router|weave-net|azure-npm|aws-network-policy-agent|canal)(:|@|$|-)/;

function imagesOf(r: KubeResource): { image: string; env: Record<string, string> }[] {
  const spec = podTemplateOf(r)?.spec;
  return [...asArray(spec?.['containers']), ...asArray(spec?.['initContainers'])].map((c) => {
    const o = asObject(c) ?? {};
    const env = Object.fromEntries(asArray(o['env']).map((e) => [asString(asObject(e)?.['name']) ?? '', asString(asObject(e)?.['value']) ?? '']));
    return { image: asString(o['image']) ?? '', env };
  });
}

/** The CNI a DaemonSet runs, and whether it enforces NetworkPolicy. */
function cniOf(ds: KubeResource): Cni | undefined {
  const name = ds.ref.name;
  const containers = imagesOf(ds);
  const images = containers.map((c) => c.image.split('@')[0] ?? '');
  if (ENFORCING.test(name) || images.some((i) => ENFORCING.test(i.split(':')[0] ?? ''))) return { name, enforces: true, resource: ds };
  if (name === 'aws-node' || images.some((i) => /amazon-k8s-cni/.test(i))) {
    // EKS VPC CNI enforces policies only with its network policy agent (ENABLE_NETWORK_POLICY or the agent container).
    return { name, enforces: containers.some((c) => c.env['ENABLE_NETWORK_POLICY'] === 'true'), resource: ds };
  }
  if (/flannel/.test(name) || images.some((i) => /flannel/.test(i))) return { name, enforces: false, resource: ds };
  return undefined;
}

export default defineRule({
  meta: {
    id: 'HK-NW-007',
    slug: 'cni-enforces-networkpolicy',
    needs: 'the CNI DaemonSets of a cluster (kube-system), as phiguard scan --cluster reads them',
    kinds: ['DaemonSet'],
    marksEvaluated: true,
    messages: {
      unenforced: 'The cluster network is {{cni}} (DaemonSet "{{name}}"), which does not enforce NetworkPolicy: {{policies}} NetworkPolicies are silently ignored.',
    },
  },
  create(context) {
    const found: Cni[] = [];
    return {
      resource(r) {
        const cni = cniOf(r);
        if (cni) found.push(cni);
      },
      end() {
        if (found.length === 0) {
          if (context.config.provider) context.notApplicable(`the ${context.config.provider} network policy engine is configured outside the cluster objects`);
          return;
        }
        context.markEvaluated();
        if (found.some((c) => c.enforces)) return;
        const first = found[0] as Cni;
        const policies = context.inventory.ofKind('NetworkPolicy').length;
        context.report({ resource: first.resource, path: '', messageId: 'unenforced', phi: true,
          data: { cni: /flannel/.test(first.name) ? 'flannel alone' : first.name === 'aws-node' ? 'the EKS VPC CNI without its network policy agent' : first.name, name: first.name, policies } });
      },
    };
  },
});
