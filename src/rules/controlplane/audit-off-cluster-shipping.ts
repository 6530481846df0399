import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { podTemplateOf } from '../../core/kinds.js';
import { componentsFor } from '../../controlplane/model.js';

const COLLECTOR = /(fluent-?bit|fluentd|vector|otel|opentelemetry|filebeat|promtail|alloy|splunk|datadog|falco)/i;

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export default defineRule({
  meta: {
    id: 'HK-AU-006',
    slug: 'audit-off-cluster-shipping',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml), with the log collector DaemonSet if any',
    messages: {
      local: 'Audit events stay on the control-plane node ({{shown}}): no --audit-webhook-config-file and no collector DaemonSet that runs on control-plane nodes and mounts {{dir}}. A node loss or an intruder with root erases them.',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver', 'the provider ships audit logs when its audit log export is enabled (HK-AU-001)')) {
          if (c.flags.has('audit-webhook-config-file')) continue;
          const path = c.flags.get('audit-log-path');
          if (!path) continue;
          const dir = path.value === '-' ? '/var/log/pods' : dirOf(path.value);
          const shipped = context.inventory.ofKind('DaemonSet').some((ds) => {
            const t = podTemplateOf(ds);
            if (!t) return false;
            const images = asArray(t.spec['containers']).map((x) => asString(asObject(x)?.['image']) ?? '').join(' ');
            if (!COLLECTOR.test(ds.ref.name + ' ' + images)) return false;
            const mounts = asArray(t.spec['volumes']).map((v) => asString(asObject(asObject(v)?.['hostPath'])?.['path']) ?? '');
            const tolerates = asArray(t.spec['tolerations']).some((x) => {
              const tol = asObject(x);
              return asString(tol?.['operator']) === 'Exists' && asString(tol?.['key']) === undefined ||
                /node-role\.kubernetes\.io\/(control-plane|master)/.test(asString(tol?.['key']) ?? '');
            });
            return tolerates && mounts.some((m) => m !== '' && (dir === m || dir.startsWith(m.endsWith('/') ? m : m + '/')));
          });
          if (!shipped) context.report({ resource: c.resource, path: path.path, messageId: 'local', data: { shown: `--audit-log-path=${path.value}`, dir } });
        }
      },
    };
  },
});
