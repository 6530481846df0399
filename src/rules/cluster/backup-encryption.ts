import { defineRule } from '../../core/rule.js';
import { asObject, asString, stringMap } from '../../core/resource.js';

export default defineRule({
  meta: {
    id: 'HK-EN-010',
    slug: 'backup-encryption',
    needs: 'Velero BackupStorageLocations',
    marksEvaluated: true,
    kinds: ['BackupStorageLocation'],
    messages: {
      noKms: 'BackupStorageLocation "{{name}}" ({{provider}}, bucket {{bucket}}) names no KMS key or server-side encryption: PHI backups rely on the bucket default, which the manifest does not show.',
    },
  },
  evaluatesResource: (r) => r.ref.apiVersion.startsWith('velero.io/'),
  create(context) {
    return {
      resource(r) {
        if (!r.ref.apiVersion.startsWith('velero.io/')) return;
        const spec = asObject(r.object['spec']) ?? {};
        const provider = asString(spec['provider']) ?? '?';
        const config = stringMap(spec['config']);
        const bucket = asString(asObject(spec['objectStorage'])?.['bucket']) ?? '?';
        // Azure Blob storage is always encrypted at rest; the others need a key named in config.
        if (/azure/.test(provider)) return;
        if (config['kmsKeyId'] || config['serverSideEncryption'] || config['kmsKeyName'] || config['customerKeyEncryptionFile']) return;
        context.report({ resource: r, path: '/spec/config', messageId: 'noKms', data: { name: r.ref.name, provider, bucket }, phi: true });
      },
    };
  },
});
