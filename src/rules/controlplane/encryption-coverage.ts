import { defineRule } from '../../core/rule.js';
import { asObject, asString } from '../../core/resource.js';
import { encryptionEntries, entryFor } from '../../controlplane/encryption.js';
import { encryptionConfigsFor } from '../support/encryption-configs.js';

const PHI_HINT = /(fhir|hl7|dicom|ehr|emr|patient|claim|clinical|health|phi)/i;

export default defineRule({
  meta: {
    id: 'HK-EN-004',
    slug: 'encryption-coverage',
    needs: 'the EncryptionConfiguration named by --encryption-provider-config (e.g. /etc/kubernetes/enc/encryption-config.yaml)',
    messages: {
      plaintext: '{{what}} {{why}}, so they are written unencrypted.',
    },
  },
  create(context) {
    return {
      end() {
        const configs = encryptionConfigsFor(context);
        if (configs.length === 0) return;
        // Custom resources that may hold PHI: their CRD names PHI, or instances live in PHI namespaces.
        const targets = [{ what: 'ConfigMaps', resource: 'configmaps', group: '' }];
        for (const crd of context.inventory.ofKind('CustomResourceDefinition')) {
          const spec = asObject(crd.object['spec']);
          const group = asString(spec?.['group']) ?? '';
          const names = asObject(spec?.['names']);
          const plural = asString(names?.['plural']) ?? '';
          const kind = asString(names?.['kind']) ?? '';
          const inPhi = context.inventory.ofKind(kind).some((r) => r.ref.apiVersion.startsWith(group + '/') && context.isPhi(r));
          if (plural && (inPhi || PHI_HINT.test(`${group} ${plural}`))) targets.push({ what: `Custom resources ${plural}.${group}`, resource: plural, group });
        }
        for (const cfg of configs) {
          const entries = encryptionEntries(cfg);
          for (const t of targets) {
            const e = entryFor(entries, t.resource, t.group);
            if (!e) context.report({ resource: cfg, path: '/resources', messageId: 'plaintext', data: { what: t.what, why: 'match no resources entry' }, phi: true });
            else if (e.providers[0]?.name === 'identity') context.report({ resource: cfg, path: e.providers[0].path, messageId: 'plaintext', data: { what: t.what, why: `are first matched by resources entry #${e.index + 1} (${e.resources.join(', ')}), whose first provider is identity` }, phi: true });
          }
        }
      },
    };
  },
});
