import { defineRule } from '../../core/rule.js';
import { listOf } from '../../controlplane/flags.js';
import { componentsFor, controlPlaneOf } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-TX-006',
    slug: 'etcd-tls',
    needs: 'the etcd and kube-apiserver static Pod manifests (/etc/kubernetes/manifests/)',
    messages: {
      etcdMissing: 'etcd has no {{missing}}: {{what}} traffic, which carries every Secret, is not encrypted.',
      plainUrl: 'etcd {{flag}} includes {{url}}: plaintext HTTP.',
      apiMissing: 'kube-apiserver has no {{missing}}: its connection to etcd is not {{what}}.',
      apiPlain: 'kube-apiserver reaches etcd over plaintext ({{url}}).',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'etcd')) {
          for (const [pair, what] of [[['cert-file', 'key-file'], 'client'], [['peer-cert-file', 'peer-key-file'], 'peer']] as const) {
            const missing = pair.filter((f) => !c.flags.has(f)).map((f) => '--' + f);
            if (missing.length > 0) context.report({ resource: c.resource, path: c.anchor, messageId: 'etcdMissing', data: { missing: missing.join(' and '), what } });
          }
          for (const flag of ['listen-client-urls', 'advertise-client-urls', 'listen-peer-urls', 'initial-advertise-peer-urls']) {
            const f = c.flags.get(flag);
            const url = listOf(f?.value).find((u) => u.startsWith('http://'));
            if (f && url) context.report({ resource: c.resource, path: f.path, messageId: 'plainUrl', data: { flag: '--' + flag, url } });
          }
        }
        for (const c of controlPlaneOf(context).components.get('kube-apiserver') ?? []) {
          context.markEvaluated();
          const missing = ['etcd-certfile', 'etcd-keyfile'].filter((f) => !c.flags.has(f)).map((f) => '--' + f);
          if (missing.length > 0) context.report({ resource: c.resource, path: c.anchor, messageId: 'apiMissing', data: { missing: missing.join(' and '), what: 'authenticated with a client certificate' } });
          if (!c.flags.has('etcd-cafile')) context.report({ resource: c.resource, path: c.anchor, messageId: 'apiMissing', data: { missing: '--etcd-cafile', what: 'verified against the etcd CA' } });
          const servers = c.flags.get('etcd-servers');
          const plain = listOf(servers?.value).find((u) => u.startsWith('http://'));
          if (servers && plain) context.report({ resource: c.resource, path: servers.path, messageId: 'apiPlain', data: { url: plain } });
        }
      },
    };
  },
});
