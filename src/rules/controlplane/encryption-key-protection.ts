import { defineRule } from '../../core/rule.js';
import { encryptionEntries } from '../../controlplane/encryption.js';
import { encryptionConfigsFor } from '../support/encryption-configs.js';

export default defineRule({
  meta: {
    id: 'HK-EN-006',
    slug: 'encryption-key-protection',
    needs: 'the EncryptionConfiguration named by --encryption-provider-config (e.g. /etc/kubernetes/enc/encryption-config.yaml)',
    messages: {
      rawKey: 'EncryptionConfiguration {{file}} holds the raw {{provider}} key itself: whoever reads this file (a repository, a backup, a node disk) can decrypt every Secret. Keep it mode 600 root:root and out of version control, or use kms v2.',
    },
  },
  create(context) {
    return {
      end() {
        for (const cfg of encryptionConfigsFor(context)) {
          const seen = new Set<string>();
          for (const e of encryptionEntries(cfg)) {
            for (const p of e.providers) {
              if (!p.rawKeys || seen.has(p.name)) continue;
              seen.add(p.name);
              context.report({ resource: cfg, path: `${p.path}/keys`, messageId: 'rawKey', data: { file: cfg.origin.file, provider: p.name }, phi: true });
            }
          }
        }
      },
    };
  },
});
