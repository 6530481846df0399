import { ruleTester } from '../../support/rule-tester.js';
import plaintextPortsExposed from '../../../src/rules/cluster/plaintext-ports-exposed.js';
import { ns, app, svc, ingress, STRICT } from './fixtures.js';

ruleTester(plaintextPortsExposed, {
  valid: [
    { name: 'TLS LB', yaml: ns('p') + app('p', 'api', 8443) + svc('p', 'api', 'LoadBalancer', 443) },
    { name: 'HTTP backend behind strict mesh', yaml: ns('p', 'phi', ', istio-injection: enabled') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true) + STRICT },
  ],
  invalid: [
    { name: 'public HTTP LB is critical', yaml: ns('p') + app('p', 'api', 80) + svc('p', 'api', 'LoadBalancer', 80), errors: [{ messageId: 'exposed', severity: 'critical', contains: 'the internet' }] },
    { name: 'database NodePort', yaml: ns('p') + app('p', 'db', 5432) + svc('p', 'db', 'NodePort', 5432), errors: [{ messageId: 'database', severity: 'high' }] },
    { name: 'ingress backend hop in plaintext', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true), errors: [{ messageId: 'exposed', contains: 'Ingress backend hop' }] },
  ],
});
