import { ruleTester } from '../../support/rule-tester.js';
import credentialsStoredInCluster from '../../../src/rules/live/credentials-stored-in-cluster.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const saToken = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:ehr:api' })).toString('base64url')}.c2lnbmF0dXJl`;

ruleTester(credentialsStoredInCluster, {
  valid: [
    { name: 'the API\'s own token Secret', yaml: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\n  namespace: ehr\ntype: kubernetes.io/service-account-token\ndata:\n  token: ${b64(saToken)}\n` },
    { name: 'ordinary configuration', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ehr\ndata:\n  mode: production\n' },
  ],
  invalid: [
    { name: 'a ServiceAccount token copied into an Opaque Secret', yaml: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: copied\n  namespace: ehr\ntype: Opaque\ndata:\n  token: ${b64(saToken)}\n`, errors: [{ messageId: 'stored', contains: 'ServiceAccount token' }] },
    { name: 'a kubeconfig with a client key in stringData', yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: kc\n  namespace: ehr\nstringData:\n  config: |\n    apiVersion: v1\n    kind: Config\n    users:\n      - name: u\n        user:\n          client-key-data: LS0tLS1CRUdJTg==\n', errors: [{ messageId: 'stored', contains: 'kubeconfig' }] },
  ],
});
