import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, HARDENED, podWith } from './workloads.js';

const podLevel = (sc: string, container = 'name: a\nimage: x:1'): string => podWith(container, `securityContext:\n${sc.split('\n').map((l) => '  ' + l).join('\n')}`);

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith(HARDENED)).map(({ kind, yaml }) => ({ name: `container-level runAsNonRoot in a ${kind}`, yaml })),
    ...everyKind(podLevel('runAsNonRoot: true')).map(({ kind, yaml }) => ({ name: `pod-level runAsNonRoot inherited in a ${kind}`, yaml })),
    { name: 'container sets a non-zero user under a pod-level runAsNonRoot', yaml: everyKind(podLevel('runAsNonRoot: true', 'name: a\nimage: x:1\nsecurityContext:\n  runAsUser: 1000'))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(podWith('name: a\nimage: x:1')).map(({ kind, yaml }) => ({
      name: `nothing set in a ${kind}`, yaml,
      errors: [{ messageId: 'notRequired', severity: 'medium' as const, fix: true, resource: kind.toLowerCase() }],
    })),
    { name: 'runAsUser > 0 without runAsNonRoot is not enough (PSS), but says what is missing at low severity', yaml: everyKind(podLevel('runAsUser: 1000'))[0]!.yaml,
      errors: [{ messageId: 'userNotEnforced', severity: 'low', contains: 'runs as UID 1000', fix: true }] },
    { name: 'a container-level runAsUser: 101 (ingress-nginx) is evidence, not "may run as root"', yaml: everyKind(podWith('name: a\nimage: x:1\nsecurityContext:\n  runAsUser: 101'))[0]!.yaml,
      errors: [{ messageId: 'userNotEnforced', severity: 'low', contains: 'UID 101' }] },
    { name: 'container false overrides pod true', yaml: everyKind(podLevel('runAsNonRoot: true', 'name: a\nimage: x:1\nsecurityContext:\n  runAsNonRoot: false'))[0]!.yaml,
      errors: [{ messageId: 'overridden', path: '/spec/containers/0/securityContext/runAsNonRoot', fix: true }] },
    { name: 'pod-level runAsUser 0 fails even when containers override it', yaml: everyKind(podLevel('runAsUser: 0\nrunAsNonRoot: true', 'name: a\nimage: x:1\nsecurityContext:\n  runAsUser: 1000'))[7]!.yaml,
      errors: [{ messageId: 'rootUser', contains: 'pod securityContext', resource: 'cronjob' }] },
    {
      name: 'init and ephemeral containers',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  initContainers:
  - name: init
    image: x:1
    securityContext:
      runAsUser: 0
  ephemeralContainers:
  - name: dbg
    image: x:1
    securityContext:
      runAsNonRoot: false
  containers:
  - name: a
    image: x:1
`,
      errors: [
        { messageId: 'rootUser', line: 12, contains: 'Container "init"' },
        { messageId: 'overridden', line: 17, contains: '"dbg"' },
      ],
    },
  ],
};
