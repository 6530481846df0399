import { defineRule } from '../../core/rule.js';
import { asObject, asString, isObject } from '../../core/resource.js';
import { isReference } from './secret-detectors.js';

/** Keys of data/stringData holding a real value: not empty, not an unrendered reference, not SOPS ENC[...]. */
function plaintextKeys(section: unknown): string[] {
  const o = asObject(section);
  if (!o) return [];
  return Object.entries(o)
    .filter(([, v]) => v !== null && typeof v !== 'object' && String(v) !== '' && !isReference(String(v)))
    .map(([k]) => k);
}

function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => `"${k}"`).join(', ');
  return keys.length > 5 ? `${shown} and ${keys.length - 5} more` : shown;
}

export default defineRule({
  meta: {
    id: 'HK-SE-003',
    slug: 'plaintext-secret-manifests',
    needs: 'Secret manifests',
    kinds: ['Secret'],
    messages: {
      plaintext: 'Secret "{{name}}" has {{count}} plaintext value(s) in {{field}} ({{keys}}); base64 is an encoding, not encryption, so anyone with the file has the credential.',
    },
  },
  create(context) {
    return {
      resource(r) {
        // SOPS keeps its metadata under a top-level sops: key; values are then ENC[...] strings.
        if (isObject(r.object['sops'])) return;
        for (const field of ['stringData', 'data'] as const) {
          const keys = plaintextKeys(r.object[field]);
          if (keys.length === 0) continue;
          const type = asString(r.object['type']) ?? 'Opaque';
          context.report({
            resource: r,
            path: `/${field}`,
            messageId: 'plaintext',
            data: { name: r.ref.name, count: keys.length, field, keys: listKeys(keys) },
            remediation: `Do not commit this ${type} Secret: encrypt it with SOPS, replace it with a SealedSecret, or sync it from an external store with an ExternalSecret, then rotate the values that were exposed.`,
          });
        }
      },
    };
  },
});
