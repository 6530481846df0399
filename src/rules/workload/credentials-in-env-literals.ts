import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { credentialDetector, describeDetection } from '../support/secret-detectors.js';

export default defineRule({
  meta: {
    id: 'HK-SE-001',
    slug: 'credentials-in-env-literals',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      literal: 'Container "{{container}}" sets env {{name}} to a literal credential: {{why}}.',
    },
  },
  create(context) {
    const detectCredential = credentialDetector();
    return {
      container(c) {
        asArray(c.container['env']).forEach((raw, i) => {
          const env = asObject(raw);
          const name = asString(env?.['name']);
          const value = env?.['value'];
          if (!env || name === undefined || value === undefined || value === null) return;
          // YAML may give numbers or booleans; the kubelet sees them as strings.
          const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
          const d = detectCredential(name, text);
          if (!d) return;
          context.report({
            resource: c.pod.resource,
            path: `${c.path}/env/${i}/value`,
            messageId: 'literal',
            data: { container: c.name, name, why: describeDetection(d, text) },
            remediation: `Move ${name} into a Secret (ideally synced from an external store) and mount it as a file, or reference it with valueFrom.secretKeyRef; rotate the exposed credential.`,
          });
        });
      },
    };
  },
});
