import { defineRule } from '../../core/rule.js';
import { encryptionEntries, entryFor } from '../../controlplane/encryption.js';
import { encryptionConfigsFor } from '../support/encryption-configs.js';

export default defineRule({
  meta: {
    id: 'HK-EN-002',
    slug: 'encryption-identity-first',
    needs: 'the EncryptionConfiguration named by --encryption-provider-config (e.g. /etc/kubernetes/enc/encryption-config.yaml)',
    messages: {
      identityFirst: 'Secrets are written unencrypted: the first resources entry that matches them ({{patterns}}) lists identity first{{others}}. Only the first provider encrypts; the others only decrypt.',
      uncovered: 'No resources entry matches secrets (explicit secrets, *. or *.*), so Secrets are written unencrypted.',
    },
  },
  create(context) {
    return {
      end() {
        for (const cfg of encryptionConfigsFor(context)) {
          const entries = encryptionEntries(cfg);
          const e = entryFor(entries, 'secrets');
          if (!e) { context.report({ resource: cfg, path: '/resources', messageId: 'uncovered', phi: true }); continue; }
          const first = e.providers[0];
          if (!first || first.name === 'identity') {
            const others = e.providers.slice(1).map((p) => p.name);
            context.report({ resource: cfg, path: first?.path ?? `${e.path}/providers`, messageId: 'identityFirst', phi: true,
              data: { patterns: e.resources.join(', '), others: others.length > 0 ? ` (then ${others.join(', ')}, which only decrypt existing data)` : '' } });
          }
        }
      },
    };
  },
});
