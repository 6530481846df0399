import rule from '../../../src/rules/controlplane/etcd-tls.js';
import { API, ETCD, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: ETCD, from: '--listen-client-urls=https://127.0.0.1:2379', to: '--listen-client-urls=http://127.0.0.1:2379', says: 'plaintext HTTP' },
  { file: API, from: '--etcd-servers=https://127.0.0.1:2379', to: '--etcd-servers=http://127.0.0.1:2379', says: 'plaintext' },
]);
