import { ruleTester } from '../../support/rule-tester.js';
import externalEgressPlaintext from '../../../src/rules/cluster/external-egress-plaintext.js';
import { ns, app } from './fixtures.js';

ruleTester(externalEgressPlaintext, {
  valid: [
    { name: 'https URL and in-cluster http', yaml: ns('p') + app('p', 'api').replace('ports: [{containerPort: 8080}]', 'env: [{name: A, value: "https://api.example.com"}, {name: B, value: "http://db.p.svc:8080"}]') },
    { name: 'not PHI', yaml: ns('w', 'none') + 'apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: w}\nspec: {type: ExternalName, externalName: api.example.com, ports: [{port: 80}]}\n' },
  ],
  invalid: [
    { name: 'ExternalName on 80', yaml: ns('p') + 'apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: p}\nspec: {type: ExternalName, externalName: api.example.com, ports: [{port: 80}]}\n', errors: [{ messageId: 'externalName' }] },
    { name: 'ServiceEntry HTTP', yaml: ns('p') + 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: lab, namespace: p}\nspec: {hosts: [lab.example.com], ports: [{number: 80, name: http, protocol: HTTP}]}\n', errors: [{ messageId: 'serviceEntry' }] },
    { name: 'env URL', yaml: ns('p') + app('p', 'api').replace('ports: [{containerPort: 8080}]', 'env: [{name: LAB_URL, value: "http://lab.example.com/results"}]'), errors: [{ messageId: 'envUrl', contains: 'LAB_URL' }] },
  ],
});
