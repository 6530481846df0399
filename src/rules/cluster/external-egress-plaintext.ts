import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';

const URL = /\bhttp:\/\/([a-z0-9.-]+)(?::\d+)?/i;

// In-cluster names, loopback and private literals are not "external".
function isExternalHost(host: string): boolean {
  const h = host.toLowerCase();
  if (!h.includes('.') || h === 'localhost' || h.endsWith('.svc') || h.includes('.svc.') || h.endsWith('.cluster.local') || h.endsWith('.internal') || h.endsWith('.local')) return false;
  return !/^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(h);
}

export default defineRule({
  meta: {
    id: 'HK-TX-011',
    slug: 'external-egress-plaintext',
    needs: 'Services of type ExternalName, Istio ServiceEntries or workloads in PHI namespaces',
    marksEvaluated: true,
    messages: {
      externalName: 'ExternalName Service "{{name}}" points at external host {{host}} on plain HTTP port {{port}}.',
      serviceEntry: 'ServiceEntry "{{name}}" sends traffic to {{hosts}} over {{protocol}} port {{port}} without TLS.',
      envUrl: 'Container "{{container}}" env {{env}} points at external plaintext URL http://{{host}}.',
    },
  },
  // Judged: a PHI ServiceEntry, or a PHI Service of type ExternalName with a host; the kind first, as in `resource`.
  evaluatesResource: (r, context) => (r.ref.kind === 'ServiceEntry' || (r.ref.kind === 'Service'
    && asString(asObject(r.object['spec'])?.['type']) === 'ExternalName' && asString(asObject(r.object['spec'])?.['externalName']) !== undefined
    && asString(asObject(r.object['spec'])?.['externalName']) !== '')) && context.isPhi(r),
  create(context) {
    return {
      resource(r) {
        // The kind first: the scope lookup is the dearer test, and most resources are neither kind.
        if ((r.ref.kind !== 'Service' && r.ref.kind !== 'ServiceEntry') || !context.isPhi(r)) return;
        if (r.ref.kind === 'Service') {
          const spec = asObject(r.object['spec']);
          const host = asString(spec?.['externalName']);
          if (asString(spec?.['type']) !== 'ExternalName' || !host) return;
          asArray(spec?.['ports']).forEach((p, i) => {
            const o = asObject(p);
            const port = o?.['port'];
            if (port === 80 || port === 8080 || asString(o?.['appProtocol']) === 'http') {
              context.report({ resource: r, path: `/spec/ports/${i}`, messageId: 'externalName', data: { name: r.ref.name, host, port: String(port) } });
            }
          });
        } else if (r.ref.kind === 'ServiceEntry') {
          const spec = asObject(r.object['spec']);
          if (asString(spec?.['location']) === 'MESH_INTERNAL') return;
          const hosts = asArray(spec?.['hosts']).map(String).join(', ');
          asArray(spec?.['ports']).forEach((p, i) => {
            const o = asObject(p);
            const protocol = asString(o?.['protocol']) ?? '';
            if (protocol.toUpperCase() === 'HTTP' || (o?.['number'] === 80 && protocol.toUpperCase() !== 'TLS' && protocol.toUpperCase() !== 'HTTPS')) {
              context.report({ resource: r, path: `/spec/ports/${i}`, messageId: 'serviceEntry', data: { name: r.ref.name, hosts, protocol: protocol || 'unnamed', port: String(o?.['number'] ?? '?') } });
            }
          });
        }
      },
      container(c) {
        if (!context.isPhi(c.pod.resource)) return;
        context.markEvaluated();
        asArray(c.container['env']).forEach((e, i) => {
          const o = asObject(e);
          const value = asString(o?.['value']);
          const m = value ? URL.exec(value) : null;
          if (!m || !isExternalHost(m[1] ?? '')) return;
          context.report({ resource: c.pod.resource, path: `${c.path}/env/${i}/value`, messageId: 'envUrl', data: { container: c.name, env: asString(o?.['name']) ?? `#${i}`, host: m[1] ?? '' } });
        });
      },
    };
  },
});
