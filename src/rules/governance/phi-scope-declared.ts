import { defineRule } from '../../core/rule.js';
import { labelsOf } from '../../core/resource.js';

const PHI_HINT = /(fhir|hl7|dicom|ehr|emr|patient|claims)/i;

export default defineRule({
  meta: {
    id: 'HK-GV-001',
    slug: 'phi-scope-declared',
    needs: 'any Kubernetes resource',
    messages: {
      undeclared: 'No PHI scope is declared anywhere (no phiguard.dev/scope label, no phiNamespaces in config): every object is treated as PHI.',
      hint: 'Namespace "{{name}}" looks like it holds PHI ({{hint}}) but declares no scope; label it phiguard.dev/scope=phi, phi-adjacent or none.',
      alias: 'Namespace "{{name}}" is put in PHI scope by the non-canonical label {{alias}}; prefer phiguard.dev/scope=phi.',
    },
  },
  evaluates: (context) => context.inventory.resources.length > 0,
  create(context) {
    return {
      end() {
        const { inventory } = context;
        const scope = inventory.scope;
        if (scope.undeclared) {
          const first = inventory.ofKind('Namespace')[0] ?? inventory.resources[0];
          context.report({ ...(first ? { resource: first } : {}), path: '', messageId: 'undeclared', phi: true });
          return;
        }
        for (const ns of inventory.ofKind('Namespace')) {
          const decision = scope.namespaces.get(ns.ref.name);
          const hint = PHI_HINT.exec(ns.ref.name) ?? Object.values(labelsOf(ns)).map((v) => PHI_HINT.exec(v)).find((m) => m);
          if (decision?.decision.source === 'undeclared' && hint) {
            context.report({ resource: ns, path: '/metadata', messageId: 'hint', data: { name: ns.ref.name, hint: hint[0] }, phi: true });
          }
          if (decision?.alias) {
            context.report({ resource: ns, path: '/metadata/labels', messageId: 'alias', data: { name: ns.ref.name, alias: decision.alias }, severity: 'info', phi: true });
          }
        }
      },
    };
  },
});
