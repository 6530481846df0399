import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, HARDENED, podWith } from './workloads.js';

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith(HARDENED)).map(({ kind, yaml }) => ({ name: `no host namespaces in a ${kind}`, yaml })),
    { name: 'explicit false', yaml: everyKind(podWith(HARDENED, 'hostNetwork: false\nhostPID: false\nhostIPC: false'))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(podWith(HARDENED, 'hostNetwork: true\nhostPID: true\nhostIPC: true')).map(({ kind, yaml }) => ({
      name: `all three in a ${kind}`, yaml,
      errors: [
        { messageId: 'hostNamespace', contains: 'hostNetwork', severity: 'high' as const, resource: kind.toLowerCase() },
        { messageId: 'hostNamespace', contains: 'hostPID' },
        { messageId: 'hostNamespace', contains: 'hostIPC' },
      ],
    })),
    {
      name: 'hostPID only, located',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n  - name: a\n    image: x:1\n',
      errors: [{ messageId: 'hostNamespace', line: 6, path: '/spec/hostPID', fix: false, contains: 'process (PID)' }],
    },
  ],
};
