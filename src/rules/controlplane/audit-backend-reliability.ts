import { defineRule } from '../../core/rule.js';
import { isTrue } from '../../controlplane/flags.js';
import { componentsFor } from '../../controlplane/model.js';
import { asObject } from '../../core/resource.js';
import { isClusterScan } from '../../core/cluster-scan.js';

export default defineRule({
  meta: {
    id: 'HK-AU-009',
    slug: 'audit-backend-reliability',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml), or the API server metrics (phiguard scan --cluster reads /metrics)',
    messages: {
      legacyFormat: 'kube-apiserver writes audit events in the legacy text format (--audit-log-format={{value}}); use json so collectors and reviews parse every field.',
      batchLog: 'kube-apiserver buffers the audit log asynchronously (--audit-log-mode=batch): events are dropped when the buffer overflows. Use blocking or blocking-strict.',
      smallBuffer: 'kube-apiserver audit webhook buffer is {{value}} events (--audit-webhook-batch-buffer-size); below the 10000 default, bursts drop events.',
      truncate: 'kube-apiserver truncates audit events (--{{flag}}=true): large requests lose their content in the log.',
      auditErrors: 'The API server counted {{count}} audit errors (apiserver_audit_error_total): audit events were lost on their way to the backend.',
    },
  },
  create(context) {
    return {
      end() {
        const scan = context.inventory.resources.find(isClusterScan);
        const metrics = asObject(asObject(scan?.object['status'])?.['metrics']);
        if (scan && metrics?.['readable'] === true && typeof metrics['auditErrors'] === 'number') {
          context.markEvaluated();
          if (metrics['auditErrors'] > 0) context.report({ resource: scan, path: '/status/metrics/auditErrors', messageId: 'auditErrors', data: { count: metrics['auditErrors'] }, phi: true });
        } else if (scan && metrics?.['readable'] === false) {
          context.notEvaluated?.(`the API server metrics could not be read (${String(metrics['reason'] ?? 'unknown')})`);
        }
        for (const c of componentsFor(context, 'kube-apiserver')) {
          const fmt = c.flags.get('audit-log-format');
          if (fmt && fmt.value !== 'json') context.report({ resource: c.resource, path: fmt.path, messageId: 'legacyFormat', data: { value: fmt.value } });
          const mode = c.flags.get('audit-log-mode');
          if (mode?.value === 'batch') context.report({ resource: c.resource, path: mode.path, messageId: 'batchLog' });
          const buf = c.flags.get('audit-webhook-batch-buffer-size');
          if (buf && Number(buf.value) < 10000) context.report({ resource: c.resource, path: buf.path, messageId: 'smallBuffer', data: { value: buf.value } });
          for (const flag of ['audit-log-truncate-enabled', 'audit-webhook-truncate-enabled']) {
            const f = c.flags.get(flag);
            if (f && isTrue(f.value)) context.report({ resource: c.resource, path: f.path, messageId: 'truncate', data: { flag } });
          }
        }
      },
    };
  },
});
