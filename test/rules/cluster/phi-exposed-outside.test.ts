import { ruleTester } from '../../support/rule-tester.js';
import phiExposedOutside from '../../../src/rules/cluster/phi-exposed-outside.js';
import { ns, app, svc, ingress } from './fixtures.js';

ruleTester(phiExposedOutside, {
  valid: [
    { name: 'ClusterIP', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) },
    { name: 'LB in front of non-PHI', yaml: ns('p') + ns('web', 'none') + app('web', 'site') + svc('web', 'site', 'LoadBalancer', 443) },
  ],
  invalid: [
    { name: 'public LB', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'LoadBalancer', 443), errors: [{ messageId: 'publicLb', severity: 'high', path: '/spec/ports/0' }] },
    {
      name: 'internal LB is still listed, lower',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'LoadBalancer', 443, '', ', annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}'),
      errors: [{ messageId: 'restrictedLb', severity: 'medium', contains: 'internal load balancer' }],
    },
    { name: 'NodePort', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'NodePort', 8080), errors: [{ messageId: 'nodePort' }] },
    { name: 'externalIPs', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080, '\n  externalIPs: [203.0.113.7]'), errors: [{ messageId: 'externalIp', path: '/spec/externalIPs' }] },
    { name: 'Ingress route is listed', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true), errors: [{ messageId: 'routed', severity: 'low' }] },
  ],
});
