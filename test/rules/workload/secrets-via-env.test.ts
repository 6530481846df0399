import rule from '../../../src/rules/workload/secrets-via-env.js';
import { ruleTester } from '../../support/rule-tester.js';
import { POD_KINDS, workload } from './workload-yaml.js';

const spec = (env: string): string => `containers:\n  - name: app\n    image: app:1.0\n${env}`;

ruleTester(rule, {
  valid: [
    { name: 'Secret mounted as a file', yaml: workload('Deployment', `${spec('    volumeMounts: [{name: db, mountPath: /etc/db, readOnly: true}]')}\nvolumes:\n  - name: db\n    secret: {secretName: db}`) },
    { name: 'ConfigMap refs are not Secrets', yaml: workload('Pod', spec('    env:\n      - name: MODE\n        valueFrom: {configMapKeyRef: {name: cfg, key: mode}}\n    envFrom: [{configMapRef: {name: cfg}}]')) },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({
      name: `secretKeyRef in a ${kind}`,
      yaml: workload(kind, spec('    env:\n      - name: DB_PASSWORD\n        valueFrom:\n          secretKeyRef: {name: db, key: password}')),
      errors: [{ messageId: 'secretKeyRef', severity: 'low' as const, contains: 'key "password" of Secret "db" into env DB_PASSWORD' }],
    })),
    {
      name: 'envFrom secretRef',
      yaml: workload('Pod', spec('    envFrom:\n      - configMapRef: {name: cfg}\n      - secretRef: {name: db}')),
      errors: [{ messageId: 'envFromSecret', path: '/spec/containers/0/envFrom/1/secretRef', contains: 'Secret "db"' }],
    },
  ],
});
