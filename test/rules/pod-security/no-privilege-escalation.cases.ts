import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, HARDENED, podWith } from './workloads.js';

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith(HARDENED)).map(({ kind, yaml }) => ({ name: `false in a ${kind}`, yaml })),
    { name: 'windows pods are exempt', yaml: everyKind(podWith('name: w\nimage: x:1', 'os:\n  name: windows'))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(podWith('name: a\nimage: x:1')).map(({ kind, yaml }) => ({
      name: `unset in a ${kind}`, yaml,
      errors: [{ messageId: 'unset', severity: 'medium' as const, fix: true, resource: kind.toLowerCase() }],
    })),
    { name: 'explicit true', yaml: everyKind(podWith('name: a\nimage: x:1\nsecurityContext:\n  allowPrivilegeEscalation: true'))[0]!.yaml,
      errors: [{ messageId: 'allowed', line: 10, path: '/spec/containers/0/securityContext/allowPrivilegeEscalation', fix: true }] },
    { name: 'privileged implies escalation, no fix', yaml: everyKind(podWith('name: a\nimage: x:1\nsecurityContext:\n  privileged: true'))[0]!.yaml,
      errors: [{ messageId: 'implied', contains: 'runs privileged', fix: false }] },
    { name: 'CAP_SYS_ADMIN implies escalation', yaml: everyKind(podWith('name: a\nimage: x:1\nsecurityContext:\n  capabilities:\n    add: [CAP_SYS_ADMIN]'))[0]!.yaml,
      errors: [{ messageId: 'implied', contains: 'CAP_SYS_ADMIN' }] },
    {
      name: 'init and ephemeral containers',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  - name: init
    image: x:1
  ephemeralContainers:
  - name: dbg
    image: x:1
    securityContext:
      allowPrivilegeEscalation: true
  containers:
  - name: a
    image: x:1
    securityContext:
      allowPrivilegeEscalation: false
`,
      errors: [
        { messageId: 'unset', line: 7, contains: '"init"' },
        { messageId: 'allowed', line: 13, contains: '"dbg"' },
      ],
    },
  ],
};
