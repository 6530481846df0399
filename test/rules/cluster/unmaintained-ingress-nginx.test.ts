import { ruleTester } from '../../support/rule-tester.js';
import unmaintainedIngressNginx from '../../../src/rules/cluster/unmaintained-ingress-nginx.js';

ruleTester(unmaintainedIngressNginx, {
  valid: [{ name: 'other controller', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c, namespace: i}\nspec:\n  template:\n    spec: {containers: [{name: c, image: "traefik:v3"}]}\n' }],
  invalid: [
    { name: 'ingress-nginx image', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c, namespace: i}\nspec:\n  template:\n    spec: {containers: [{name: controller, image: "registry.k8s.io/ingress-nginx/controller:v1.5.1@sha256:abc"}]}\n', errors: [{ messageId: 'retired' }] },
    { name: 'snippets', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: i}\ndata: {allow-snippet-annotations: "true"}\n', errors: [{ messageId: 'snippets', fix: true }] },
  ],
});
