import rule from '../../../src/rules/controlplane/central-identity-provider.js';
import { fixtureFindings } from './fixture-findings.js';

fixtureFindings(rule, {
  hardened: [],
  kubeadm: [{ at: '/etc/kubernetes/manifests/kube-apiserver.yaml:14', says: 'has no central identity provider' }],
});
