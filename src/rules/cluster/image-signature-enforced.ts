import { defineRule } from '../../core/rule.js';
import { signatureEnforcers } from '../../analysis/admission/enforcers.js';
import { hasPhiNamespaces, namespaceAnchor, phiNamespaces } from '../support/namespaces.js';

export default defineRule({
  meta: {
    id: 'HK-IN-004',
    slug: 'image-signature-enforced',
    needs: 'PHI namespaces and the cluster\'s image verification policies (Kyverno, sigstore policy-controller)',
    messages: {
      none: 'No enforcing image-signature verification covers PHI namespace "{{ns}}"{{hint}}.',
    },
  },
  evaluates: hasPhiNamespaces,
  create(context) {
    return {
      end() {
        const inv = context.inventory;
        const phi = phiNamespaces(inv);
        const enforcers = signatureEnforcers(inv);
        const sigstore = inv.ofKind('ClusterImagePolicy').length > 0;
        for (const ns of phi) {
          if (enforcers.some((e) => e.covers(ns))) continue;
          const anchor = namespaceAnchor(inv, ns);
          if (!anchor) continue;
          context.report({ resource: anchor.resource, path: anchor.viaNamespace ? '/metadata/labels' : '', messageId: 'none', phi: true,
            data: { ns, hint: sigstore ? ' (a ClusterImagePolicy exists, but the namespace lacks the label policy.sigstore.dev/include=true)' : '' } });
        }
      },
    };
  },
});
