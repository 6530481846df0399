import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { validityDays } from '../../controlplane/certificate.js';
import { certificatesIn } from '../../controlplane/certificate-sources.js';

const DAY = 86_400_000;

export default defineRule({
  meta: {
    id: 'HK-ID-011',
    slug: 'certificate-validity',
    needs: 'certificates: /etc/kubernetes/pki/*.crt, kubeconfigs (/etc/kubernetes/*.conf), kubernetes.io/tls Secrets or cert-manager Certificates',
    messages: {
      expired: 'Certificate {{label}} expired on {{notAfter}}: TLS to it fails or is being bypassed.',
      expiring: 'Certificate {{label}} expires on {{notAfter}}, in {{days}} days (warning at {{warn}} days).',
      longHuman: 'Client certificate {{label}} for a person is valid for {{days}} days; client certificates cannot be revoked before they expire.',
      certManager: 'cert-manager Certificate {{name}} {{problem}}.',
    },
  },
  evaluates: (context) => context.models.get('certificates', () => certificatesIn(context.inventory)).length > 0
    || context.inventory.ofKind('Certificate').some((r) => r.ref.apiVersion.startsWith('cert-manager.io/')),
  create(context) {
    return {
      end() {
        const now = Date.parse(context.config.now);
        const warn = context.config.thresholds.certificateWarnDays;
        const found = context.models.get('certificates', () => certificatesIn(context.inventory));
        for (const f of found) {
          const end = Date.parse(f.cert.notAfter);
          const data = { label: f.label, notAfter: f.cert.notAfter.slice(0, 10) };
          const phi = f.resource.ref.kind === 'Secret' ? undefined : true;
          if (end <= now) context.report({ resource: f.resource, path: f.path, messageId: 'expired', data, severity: 'critical', ...(phi ? { phi } : {}) });
          else if (end - now < warn * DAY) context.report({ resource: f.resource, path: f.path, messageId: 'expiring', data: { ...data, days: Math.floor((end - now) / DAY), warn }, ...(phi ? { phi } : {}) });
          if (f.humanClient && validityDays(f.cert) > 366) context.report({ resource: f.resource, path: f.path, messageId: 'longHuman', data: { label: f.label, days: Math.round(validityDays(f.cert)) }, severity: 'medium', ...(phi ? { phi } : {}) });
        }
        for (const r of context.inventory.ofKind('Certificate')) {
          if (!r.ref.apiVersion.startsWith('cert-manager.io/')) continue;
          const status = asObject(r.object['status']);
          if (!status) continue;
          const notAfter = asString(status['notAfter']);
          const ready = asArray(status['conditions']).map((c) => asObject(c)).find((c) => asString(c?.['type']) === 'Ready');
          if (notAfter && Date.parse(notAfter) <= now) context.report({ resource: r, path: '/status/notAfter', messageId: 'certManager', data: { name: r.ref.name, problem: `expired on ${notAfter}` }, severity: 'critical' });
          else if (notAfter && Date.parse(notAfter) - now < warn * DAY) context.report({ resource: r, path: '/status/notAfter', messageId: 'certManager', data: { name: r.ref.name, problem: `expires on ${notAfter}` } });
          if (ready && asString(ready['status']) !== 'True') context.report({ resource: r, path: '/status/conditions', messageId: 'certManager', data: { name: r.ref.name, problem: `is not Ready (${asString(ready['reason']) ?? 'no reason'})` }, severity: 'medium' });
        }
      },
    };
  },
});
