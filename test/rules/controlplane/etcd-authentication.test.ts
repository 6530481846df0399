import rule from '../../../src/rules/controlplane/etcd-authentication.js';
import { ETCD, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: ETCD, from: '--client-cert-auth=true', to: '--client-cert-auth=false', says: 'does not require client certificates' },
  { file: ETCD, from: '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', to: '--trusted-ca-file=/etc/kubernetes/pki/ca.crt', says: 'trusts the cluster CA' },
]);
