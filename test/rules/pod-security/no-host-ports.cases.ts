import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, podWith } from './workloads.js';

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith('name: web\nimage: nginx:1.27\nports:\n- containerPort: 80')).map(({ kind, yaml }) => ({ name: `containerPort only in a ${kind}`, yaml })),
    { name: 'hostPort 0 is unset', yaml: everyKind(podWith('name: web\nimage: nginx:1.27\nports:\n- containerPort: 80\n  hostPort: 0'))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(podWith('name: web\nimage: nginx:1.27\nports:\n- containerPort: 80\n  hostPort: 8080')).map(({ kind, yaml }) => ({
      name: `hostPort in a ${kind}`, yaml,
      errors: [{ messageId: 'hostPort', contains: 'host port 8080 (containerPort 80)', severity: 'medium' as const, fix: true }],
    })),
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
    ports:
    - containerPort: 53
      hostPort: 53
  ephemeralContainers:
  - name: dbg
    image: x:1
    ports:
    - containerPort: 9000
      hostPort: 9000
  containers:
  - name: a
    image: x:1
`,
      errors: [
        { messageId: 'hostPort', line: 11, path: '/spec/initContainers/0/ports/0/hostPort' },
        { messageId: 'hostPort', line: 17, contains: '"dbg"' },
      ],
    },
  ],
};
