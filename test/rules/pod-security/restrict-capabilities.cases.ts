import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, HARDENED, podWith } from './workloads.js';

const caps = (body: string): string => podWith(`name: web\nimage: nginx:1.27\nsecurityContext:\n  capabilities:\n${body.split('\n').map((l) => '    ' + l).join('\n')}`);

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith(HARDENED)).map(({ kind, yaml }) => ({ name: `drop ALL in a ${kind}`, yaml })),
    { name: 'drop ALL, add NET_BIND_SERVICE', yaml: everyKind(caps('drop: [ALL]\nadd: [NET_BIND_SERVICE]'))[0]!.yaml },
    { name: 'drop all in lower case (runtimes ignore case)', yaml: everyKind(caps('drop: [all]'))[0]!.yaml },
    { name: 'windows pod is exempt from drop ALL', yaml: everyKind(podWith('name: w\nimage: x:1', 'os:\n  name: windows'))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(podWith('name: web\nimage: nginx:1.27')).map(({ kind, yaml }) => ({
      name: `no securityContext in a ${kind}`, yaml,
      errors: [{ messageId: 'noDropAll', severity: 'medium' as const, fix: true, resource: kind.toLowerCase() }],
    })),
    { name: 'drop list without ALL', yaml: everyKind(caps('drop: [NET_RAW]'))[0]!.yaml,
      errors: [{ messageId: 'noDropAll', path: '/spec/containers/0/securityContext/capabilities' }] },
    { name: 'SYS_ADMIN is dangerous', yaml: everyKind(caps('drop: [ALL]\nadd: [SYS_ADMIN]'))[1]!.yaml,
      errors: [{ messageId: 'addDangerous', severity: 'high', contains: 'SYS_ADMIN', path: '/spec/template/spec/containers/0/securityContext/capabilities/add/0' }] },
    { name: 'CAP_ prefix and lower case still count', yaml: everyKind(caps('drop: [ALL]\nadd: [cap_net_raw]'))[0]!.yaml,
      errors: [{ messageId: 'addDangerous', contains: 'cap_net_raw' }] },
    { name: 'SYS_TIME is beyond baseline', yaml: everyKind(caps('drop: [ALL]\nadd: [SYS_TIME]'))[7]!.yaml,
      errors: [{ messageId: 'addBeyondBaseline', severity: 'medium', resource: 'cronjob' }] },
    { name: 'CHOWN is baseline but not restricted', yaml: everyKind(caps('drop: [ALL]\nadd: [CHOWN]'))[0]!.yaml,
      errors: [{ messageId: 'addOther', severity: 'low' }] },
    {
      name: 'init and ephemeral containers are checked',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  - name: init
    image: x:1
    securityContext:
      capabilities:
        add: [NET_ADMIN]
        drop: [ALL]
  ephemeralContainers:
  - name: dbg
    image: x:1
    securityContext:
      capabilities:
        add: [SYS_PTRACE]
        drop: [ALL]
  containers:
  - name: a
    image: x:1
    securityContext:
      capabilities:
        drop: [ALL]
`,
      errors: [
        { messageId: 'addDangerous', line: 11, contains: '"init"' },
        { messageId: 'addDangerous', line: 18, contains: '"dbg"' },
      ],
    },
  ],
};
