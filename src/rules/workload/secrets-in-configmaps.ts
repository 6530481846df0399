import { defineRule } from '../../core/rule.js';
import type { KubeResource } from '../../core/resource.js';
import { annotationsOf, asObject, isObject, pointerOf } from '../../core/resource.js';
import { assignmentsIn, credentialDetector, credentialInValue, describeDetection, maskedHint } from '../support/secret-detectors.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

// Keys named like files that hold private keys or credentials (ConfigMap keys are file names when mounted).
// The key-file suffix stands alone: a [^/]* before it backtracked quadratically over keys full of dots or dashes.
const CREDENTIAL_FILE = /\.(?:key|p12|pfx|jks|keystore)$|(?:^|[./_-])(?:id_(?:rsa|dsa|ecdsa|ed25519)|\.?htpasswd|\.?netrc|\.?pgpass|\.git-credentials|\.dockerconfigjson|\.dockercfg|credentials(?:\.json)?)$/i;
const PUBLIC_MATERIAL = /(?<!-)-{3,}\s*BEGIN\s+(?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL)/;

function printable(text: string): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\uFFFD' || (code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t')) bad++;
  }
  return bad / text.length < 0.02;
}

export default defineRule({
  meta: {
    id: 'HK-SE-002',
    slug: 'secrets-in-configmaps',
    needs: 'ConfigMaps, Secrets or any annotated resource',
    marksEvaluated: true,
    messages: {
      configMapKey: 'ConfigMap "{{name}}" key "{{key}}" holds a literal credential: {{why}}.',
      configMapLine: 'ConfigMap "{{name}}" key "{{key}}" line {{line}} sets {{setting}} to a literal credential: {{why}}.',
      credentialFile: 'ConfigMap "{{name}}" key "{{key}}" is a credential file by its name ({{size}}); ConfigMaps are neither encrypted at rest nor access-restricted like Secrets.',
      lastApplied: 'Secret "{{name}}" keeps a plaintext copy of its {{fields}} in the {{annotation}} annotation, readable by anyone who can read the object\'s metadata.',
      annotation: '{{kind}} "{{name}}" annotation "{{key}}" holds a credential: {{why}}.',
    },
  },
  create(context) {
    const detectCredential = credentialDetector();
    const checkText = (r: KubeResource, path: string, key: string, text: string): void => {
      const name = r.ref.name;
      const multiline = text.includes('\n');
      if (!multiline) {
        const d = detectCredential(key, text);
        if (d) {
          context.report({ resource: r, path, messageId: 'configMapKey', data: { name, key, why: describeDetection(d, text) } });
          return;
        }
      }
      // Settings inside the value: config files, or a one-line REDIS_PASSWORD=... under a neutral key.
      let hits = 0;
      for (const a of assignmentsIn(text)) {
        // Inside a file, a value with spaces is an expression or prose far more often than a password.
        if (/\s/.test(a.value)) continue;
        const d = detectCredential(a.name, a.value);
        if (!d) continue;
        hits++;
        context.report({ resource: r, path, messageId: 'configMapLine', data: { name, key, line: a.line, setting: a.name, why: describeDetection(d, a.value) } });
      }
      if (hits > 0) return;
      const what = multiline ? credentialInValue(text) : undefined;
      if (what) {
        context.report({ resource: r, path, messageId: 'configMapKey', data: { name, key, why: describeDetection({ by: 'value', what }, text) } });
        return;
      }
      if (CREDENTIAL_FILE.test(key) && text.trim() !== '' && !PUBLIC_MATERIAL.test(text)) {
        context.report({ resource: r, path, messageId: 'credentialFile', data: { name, key, size: maskedHint(text) } });
      }
    };

    const configMap = (r: KubeResource): void => {
      const data = asObject(r.object['data']);
      for (const [key, v] of Object.entries(data ?? {})) {
        if (v === null || typeof v === 'object') continue;
        checkText(r, pointerOf(['data', key]), key, String(v));
      }
      const binary = asObject(r.object['binaryData']);
      for (const [key, v] of Object.entries(binary ?? {})) {
        if (typeof v !== 'string') continue;
        const path = pointerOf(['binaryData', key]);
        const decoded = Buffer.from(v, 'base64').toString('utf8');
        if (printable(decoded)) checkText(r, path, key, decoded);
        else if (CREDENTIAL_FILE.test(key) && v.trim() !== '') {
          context.report({ resource: r, path, messageId: 'credentialFile', data: { name: r.ref.name, key, size: maskedHint(decoded) } });
        }
      }
    };

    const lastApplied = (r: KubeResource, raw: string): void => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return;
      }
      if (!isObject(parsed)) return;
      const fields = ['data', 'stringData'].filter((f) => {
        const o = asObject(parsed[f]);
        return o !== undefined && Object.values(o).some((v) => typeof v === 'string' && v !== '');
      });
      if (fields.length === 0) return;
      context.report({
        resource: r,
        path: pointerOf(['metadata', 'annotations', LAST_APPLIED]),
        messageId: 'lastApplied',
        data: { name: r.ref.name, fields: fields.join(' and '), annotation: LAST_APPLIED },
        remediation: 'Apply Secrets with server-side apply (kubectl apply --server-side) or create them with kubectl create secret, remove the annotation, and rotate the values it exposed.',
        fix: { description: `Remove the ${LAST_APPLIED} annotation`, patch: [{ op: 'remove', path: pointerOf(['metadata', 'annotations', LAST_APPLIED]) }] },
      });
    };

    return {
      resource(r) {
        if (r.ref.kind === 'ConfigMap') configMap(r);
        const annotations = annotationsOf(r);
        // Judged: a ConfigMap, a Secret or annotations; a bare object of another kind holds nothing this reads.
        if (r.ref.kind === 'ConfigMap' || r.ref.kind === 'Secret') context.markEvaluated();
        // for-in, not Object.entries: this runs on every resource, and most have no annotations.
        for (const key in annotations) {
          context.markEvaluated();
          const value = annotations[key] ?? '';
          if (key === LAST_APPLIED) {
            // On other kinds the annotation repeats the object's own fields, which their own rules check.
            if (r.ref.kind === 'Secret') lastApplied(r, value);
            continue;
          }
          const what = credentialInValue(value);
          if (what) {
            context.report({ resource: r, path: pointerOf(['metadata', 'annotations', key]), messageId: 'annotation',
              data: { kind: r.ref.kind, name: r.ref.name, key, why: describeDetection({ by: 'value', what }, value) } });
          }
        }
      },
    };
  },
});
