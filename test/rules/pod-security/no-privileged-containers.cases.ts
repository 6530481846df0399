import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, HARDENED, podWith } from './workloads.js';

const privileged = podWith(`name: web\nimage: nginx:1.27\nsecurityContext:\n  privileged: true`);

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith(HARDENED)).map(({ kind, yaml }) => ({ name: `hardened ${kind}`, yaml })),
    { name: 'privileged: false', yaml: everyKind(podWith(`name: web\nimage: nginx:1.27\nsecurityContext:\n  privileged: false`))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(privileged).map(({ kind, yaml }) => ({
      name: `privileged container in a ${kind}`, yaml,
      errors: [{ messageId: 'privileged', severity: 'critical' as const, fix: true, contains: '"web"', resource: kind.toLowerCase() }],
    })),
    {
      name: 'privileged init and ephemeral containers',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    securityContext:
      privileged: true
  ephemeralContainers:
  - name: debug
    image: busybox:1.36
    securityContext:
      privileged: true
  containers:
  - name: app
    image: nginx:1.27
`,
      errors: [
        { messageId: 'privileged', line: 10, path: '/spec/initContainers/0/securityContext/privileged', contains: '"setup"' },
        { messageId: 'privileged', line: 15, path: '/spec/ephemeralContainers/0/securityContext/privileged', contains: '"debug"' },
      ],
    },
    {
      name: 'outside PHI scope the severity drops one level',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: tools
  labels:
    phiguard.dev/scope: none
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: tools
spec:
  containers:
  - name: app
    image: nginx:1.27
    securityContext:
      privileged: true
`,
      errors: [{ messageId: 'privileged', severity: 'high', line: 18 }],
    },
  ],
};
