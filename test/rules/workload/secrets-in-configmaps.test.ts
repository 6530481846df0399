import rule from '../../../src/rules/workload/secrets-in-configmaps.js';
import { ruleTester } from '../../support/rule-tester.js';

const cm = (data: string, extra = ''): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n${extra}data:\n${data}\n`;
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

ruleTester(rule, {
  valid: [
    { name: 'no data', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: empty\n' },
    { name: 'ordinary settings', yaml: cm('  message: This is a test\n  db_user: postgres\n  TOKEN_TTL: "3600"\n  PASSWORD_FILE: /etc/db/password\n  DATABASE_URL: postgres://db:5432/phi') },
    {
      name: 'config files that reference credentials kept elsewhere',
      yaml: cm([
        '  application.properties: |',
        '    spring.datasource.url=jdbc:postgresql://db:5432/phi',
        '    spring.datasource.password=${DB_PASSWORD}',
        '    server.port=8080',
        '  settings.py: |',
        '    PASSWORD = os.environ["DB_PASSWORD"]',
        '    SECRET_KEY = os.getenv("SECRET_KEY")',
        '  ca.crt: |',
        '    -----BEGIN CERTIFICATE-----',
        '    MIIB',
        '    -----END CERTIFICATE-----',
      ].join('\n')),
    },
    { name: 'binary data that is not text', yaml: cm('  {}', `binaryData:\n  logo.png: ${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0, 0, 0]).toString('base64')}\n`).replace('data:\n  {}\n', '') },
    {
      name: 'last-applied annotation on a non-Secret is left to the object\'s own rules',
      yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Deployment"}'\nspec: {}\n`,
    },
    {
      name: 'a Secret whose last-applied annotation holds no data',
      yaml: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}'\n`,
    },
    {
      name: 'Vault injector annotations name secrets without holding them',
      yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    vault.hashicorp.com/agent-inject-secret-db: database/creds/app\nspec:\n  containers: [{name: a, image: a:1}]\n`,
    },
  ],
  invalid: [
    { name: 'password key (Polaris key_password)', yaml: cm('  db_username: postgres\n  db_password: abc123'), errors: [{ messageId: 'configMapKey', path: '/data/db_password', line: 7, contains: '"db_password"' }] },
    { name: 'AWS secret key with a placeholder value', yaml: cm('  AWS_SECRET_ACCESS_KEY: xxxxx'), errors: [{ messageId: 'configMapKey' }] },
    { name: 'AZURE_*_KEY and OCI_CLI_KEY_CONTENT', yaml: cm('  AZURE_BATCH_KEY: xxxxx\n  OCI_CLI_KEY_CONTENT: xxxxx'), errors: [{ messageId: 'configMapKey', contains: 'AZURE_BATCH_KEY' }, { messageId: 'configMapKey', contains: 'OCI_CLI_KEY_CONTENT' }] },
    {
      name: 'private key in a value',
      yaml: cm('  a_key: and value that are ok\n  ssh_access: |\n    -----BEGIN PRIVATE KEY-----\n    xxxxxxxx\n    -----END OPENSSH PRIVATE KEY-----'),
      errors: [{ messageId: 'configMapKey', contains: 'PEM private key', path: '/data/ssh_access' }],
    },
    {
      name: 'a one-line assignment under a neutral key (Trivy KSV-0109)',
      yaml: cm('  config: REDIS_PASSWORD=abcd1234\n  empty: REDIS_PASSWORD=\n  ref: REDIS_PASSWORD=${REDIS_PASSWORD}'),
      errors: [{ messageId: 'configMapLine', contains: 'key "config" line 1 sets REDIS_PASSWORD' }],
    },
    {
      name: 'credential lines inside a config file, each with its line',
      yaml: cm('  application.properties: |\n    spring.datasource.url=jdbc:postgresql://db:5432/phi\n    spring.datasource.password=hunter2\n    stripe.api-key: sk_test_abc123'),
      errors: [
        { messageId: 'configMapLine', contains: 'line 2 sets spring.datasource.password' },
        { messageId: 'configMapLine', contains: 'line 3 sets stripe.api-key' },
      ],
    },
    {
      name: 'credentials in binaryData and credential files by name',
      yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n  tls.key: opaque-key-material\nbinaryData:\n  env: ${b64('DB_URL=mysql://root:toor@db/phi\n')}\n  keystore.p12: ${Buffer.from([0x30, 0x82, 0, 1, 2, 0, 0, 0]).toString('base64')}\n`,
      errors: [
        { messageId: 'credentialFile', contains: '"tls.key"' },
        { messageId: 'configMapLine', contains: 'line 1 sets DB_URL', path: '/binaryData/env' },
        { messageId: 'credentialFile', contains: '"keystore.p12"' },
      ],
    },
    {
      name: 'plaintext copy of Secret data in last-applied-configuration',
      yaml: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"stringData":{"password":"hunter2"}}'\ntype: Opaque\n`,
      errors: [{ messageId: 'lastApplied', fix: true, path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration', contains: 'stringData' }],
    },
    {
      name: 'a token in any annotation',
      yaml: `apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  annotations:\n    example.com/notify: xoxb-1234567890-abcdefghijkl\nspec: {}\n`,
      errors: [{ messageId: 'annotation', contains: 'Service "api" annotation "example.com/notify"' }],
    },
  ],
});
