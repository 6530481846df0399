import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, HARDENED, podWith } from './workloads.js';

export const cases: RuleCases = {
  valid: everyKind(podWith(HARDENED)).map(({ kind, yaml }) => ({ name: `read-only in a ${kind}`, yaml })),
  invalid: [
    ...everyKind(podWith('name: a\nimage: x:1')).map(({ kind, yaml }) => ({
      name: `unset in a ${kind}`, yaml,
      errors: [{ messageId: 'unset', severity: 'medium' as const, fix: false, resource: kind.toLowerCase() }],
    })),
    { name: 'explicit false', yaml: everyKind(podWith('name: a\nimage: x:1\nsecurityContext:\n  readOnlyRootFilesystem: false'))[0]!.yaml,
      errors: [{ messageId: 'writable', line: 10 }] },
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
      readOnlyRootFilesystem: false
  containers:
  - name: a
    image: x:1
    securityContext:
      readOnlyRootFilesystem: true
`,
      errors: [
        { messageId: 'unset', line: 7, contains: '"init"' },
        { messageId: 'writable', line: 13, contains: '"dbg"' },
      ],
    },
  ],
};
