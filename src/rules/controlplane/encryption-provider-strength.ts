import { defineRule } from '../../core/rule.js';
import { encryptionEntries, entryFor, gradeProvider } from '../../controlplane/encryption.js';
import { encryptionConfigsFor } from '../support/encryption-configs.js';

export default defineRule({
  meta: {
    id: 'HK-EN-003',
    slug: 'encryption-provider-strength',
    needs: 'the EncryptionConfiguration named by --encryption-provider-config (e.g. /etc/kubernetes/enc/encryption-config.yaml)',
    messages: {
      weak: 'Secrets are encrypted with {{grade}}.',
    },
  },
  create(context) {
    return {
      end() {
        for (const cfg of encryptionConfigsFor(context)) {
          const first = entryFor(encryptionEntries(cfg), 'secrets')?.providers[0];
          if (!first || first.name === 'identity') continue;
          const g = gradeProvider(first);
          if (g.weakness) context.report({ resource: cfg, path: first.path, messageId: 'weak', data: { grade: g.text }, phi: true });
        }
      },
    };
  },
});
