import { ruleTester } from '../../support/rule-tester.js';
import cniEnforcesNetworkpolicy from '../../../src/rules/live/cni-enforces-networkpolicy.js';

const ds = (name: string, image: string, env = ''): string => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ${name}\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: ${image}\n${env}`;

ruleTester(cniEnforcesNetworkpolicy, {
  valid: [
    { name: 'cilium', yaml: ds('cilium', 'quay.io/cilium/cilium:v1.16.3') },
    { name: 'canal next to flannel', yaml: ds('kube-flannel-ds', 'flannel/flannel:v0.26.1') + '---\n' + ds('canal', 'calico/node:v3.29.1') },
    { name: 'EKS VPC CNI with network policy on', yaml: ds('aws-node', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0', '          env:\n            - name: ENABLE_NETWORK_POLICY\n              value: "true"\n') },
  ],
  invalid: [
    { name: 'flannel alone', yaml: ds('kube-flannel-ds', 'docker.io/flannel/flannel:v0.26.1'), errors: [{ messageId: 'unenforced', contains: 'flannel alone' }] },
    { name: 'EKS VPC CNI without the agent', yaml: ds('aws-node', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0'), errors: [{ messageId: 'unenforced', contains: 'network policy agent' }] },
  ],
});
