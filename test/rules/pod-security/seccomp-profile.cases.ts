import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, HARDENED, podWith } from './workloads.js';

const bare = podWith('name: a\nimage: x:1');
const podProfile = (type: string): string => podWith('name: a\nimage: x:1', `securityContext:\n  seccompProfile:\n    type: ${type}`);

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith(HARDENED)).map(({ kind, yaml }) => ({ name: `container RuntimeDefault in a ${kind}`, yaml })),
    ...everyKind(podProfile('RuntimeDefault')).map(({ kind, yaml }) => ({ name: `pod RuntimeDefault inherited in a ${kind}`, yaml })),
    { name: 'Localhost at pod level', yaml: everyKind(podWith('name: a\nimage: x:1', 'securityContext:\n  seccompProfile:\n    type: Localhost\n    localhostProfile: p.json'))[0]!.yaml },
    ...everyKind(bare, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' } })
      .map(({ kind, yaml }) => ({ name: `legacy pod annotation in a ${kind}`, yaml })),
    { name: 'legacy container annotation', yaml: everyKind(bare, { annotations: { 'container.seccomp.security.alpha.kubernetes.io/a': 'localhost/p.json' } })[0]!.yaml },
    { name: 'windows pods are exempt', yaml: everyKind(podWith('name: w\nimage: x:1', 'os:\n  name: windows'))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(bare).map(({ kind, yaml }) => ({
      name: `no profile in a ${kind}`, yaml,
      errors: [{ messageId: 'unset', severity: 'medium' as const, fix: true, resource: kind.toLowerCase() }],
    })),
    { name: 'pod Unconfined is reported once on the pod, not per container',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n  - name: a\n    image: x:1\n  - name: b\n    image: x:1\n',
      errors: [{ messageId: 'unconfined', contains: 'The pod', path: '/spec/securityContext/seccompProfile/type', line: 8 }] },
    { name: 'pod Unconfined fails even when containers override it (PSS)', yaml: everyKind(podWith(HARDENED, 'securityContext:\n  seccompProfile:\n    type: Unconfined'))[1]!.yaml,
      errors: [{ messageId: 'unconfined' }] },
    { name: 'container Unconfined overrides pod RuntimeDefault', yaml: everyKind(podWith('name: a\nimage: x:1\nsecurityContext:\n  seccompProfile:\n    type: Unconfined', 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault'))[7]!.yaml,
      errors: [{ messageId: 'unconfined', contains: 'Container "a"', resource: 'cronjob' }] },
    { name: 'legacy container annotation unconfined', yaml: everyKind(bare, { annotations: { 'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined' } })[1]!.yaml,
      errors: [{ messageId: 'unconfined', path: '/spec/template/metadata/annotations/container.seccomp.security.alpha.kubernetes.io~1a' }] },
    { name: 'unknown type', yaml: everyKind(podProfile('Strict'))[0]!.yaml, errors: [{ messageId: 'invalid', contains: 'Strict' }] },
    {
      name: 'node seccompDefault lowers the unset finding',
      yaml: everyKind(bare)[0]!.yaml + '---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nseccompDefault: true\n',
      errors: [{ messageId: 'unset', severity: 'low', contains: 'seccompDefault' }],
    },
    {
      name: 'init and ephemeral containers need a profile too',
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
  containers:
  - name: a
    image: x:1
    securityContext:
      seccompProfile:
        type: RuntimeDefault
`,
      errors: [{ messageId: 'unset', line: 7, contains: '"init"' }, { messageId: 'unset', line: 10, contains: '"dbg"' }],
    },
  ],
};
