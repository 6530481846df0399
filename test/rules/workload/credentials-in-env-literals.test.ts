import rule from '../../../src/rules/workload/credentials-in-env-literals.js';
import { ruleTester } from '../../support/rule-tester.js';
import { POD_KINDS, workload } from './workload-yaml.js';

const env = (lines: string): string => `containers:\n  - name: app\n    image: app:1.0\n    env:\n${lines}`;

ruleTester(rule, {
  valid: [
    { name: 'no env', yaml: workload('Pod', 'containers:\n  - name: app\n    image: app:1.0') },
    {
      name: 'values that are obviously not credentials, whatever the name says',
      yaml: workload('Deployment', env([
        '      - {name: DB_PASSWORD_FILE, value: /var/run/secrets/db/password}',
        '      - {name: TOKEN_PATH, value: ./token}',
        '      - {name: PASSWORD_MIN_LENGTH, value: "12"}',
        '      - {name: TOKEN_TTL, value: 3600}',
        '      - {name: REQUIRE_TOKEN, value: "true"}',
        '      - {name: API_TOKEN, value: ""}',
        '      - {name: OAUTH_TOKEN_ENDPOINT, value: "https://idp.example.com/oauth2/token"}',
        '      - {name: DB_PASSWORD, value: "$(DB_PASSWORD_FROM_SECRET)"}',
        '      - {name: JWT_SECRET, value: "${JWT_SECRET}"}',
        '      - {name: AWS_ACCESS_KEY_ID_REF, value: arn:aws:secretsmanager:us-east-1:123456789012:secret:db}',
        '      - {name: DB_PASSWORD_REF, value: "vault:secret/data/db#password"}',
        '      - {name: SECRET_NAME, value: db-credentials}',
        '      - {name: DATABASE_URL, value: "postgres://db.phi.svc:5432/records"}',
        '      - {name: GREETING, value: hello}',
      ].join('\n'))),
    },
    {
      name: 'secretKeyRef is not a literal',
      yaml: workload('Pod', env('      - name: token\n        valueFrom:\n          secretKeyRef: {name: a-secret, key: token}')),
    },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({
      name: `password literal in a ${kind}`,
      yaml: workload(kind, env('      - {name: DB_PASSWORD, value: hunter2}')),
      errors: [{ messageId: 'literal', resource: kind.toLowerCase(), contains: 'DB_PASSWORD' }],
    })),
    {
      name: 'placeholders are weak credentials too; init and ephemeral containers are checked',
      yaml: workload('Pod', [
        'initContainers:',
        '  - name: migrate',
        '    image: migrate:1',
        '    env: [{name: ADMIN_PASSWORD, value: changeme}]',
        'containers:',
        '  - name: app',
        '    image: app:1.0',
        'ephemeralContainers:',
        '  - name: debug',
        '    image: busybox:1.36',
        '    env: [{name: API_KEY, value: xxx}]',
      ].join('\n')),
      errors: [
        { messageId: 'literal', contains: 'Container "migrate" sets env ADMIN_PASSWORD', path: '/spec/initContainers/0/env/0/value' },
        { messageId: 'literal', contains: 'Container "debug" sets env API_KEY', path: '/spec/ephemeralContainers/0/env/0/value' },
      ],
    },
    {
      name: 'credential formats are flagged whatever the variable is called, and never shown',
      yaml: workload('Deployment', env([
        '      - {name: STARTUP_ARG, value: AKIAIOSFODNN7EXAMPLE}',
        '      - {name: DATABASE_URL, value: "postgres://app:s3cr3t@db:5432/phi"}',
        '      - {name: GH, value: ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}',
        '      - name: the_good_stuff',
        '        value: |',
        '          ---BEGIN OPENSSH PRIVATE KEY---',
        '          xxxxx',
        '          ---END  OPENSSH PRIVATE KEY---',
      ].join('\n'))),
      errors: [
        { messageId: 'literal', contains: 'AWS access key id', line: 18 },
        { messageId: 'literal', contains: 'user:password@' },
        { messageId: 'literal', contains: 'GitHub token' },
        { messageId: 'literal', contains: 'PEM private key', severity: 'high' },
      ],
    },
    {
      name: 'severity is lowered outside PHI scope',
      yaml: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n  labels: {phiguard.dev/scope: none}\n---\n${workload('Pod', env('      - {name: SLACK_TOKEN, value: abcdef123456}'), { namespace: 'tools' })}`,
      errors: [{ messageId: 'literal', severity: 'medium', contains: '12 characters, masked' }],
    },
  ],
});
