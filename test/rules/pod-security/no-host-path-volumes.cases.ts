import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, podWith } from './workloads.js';

const withVolume = (path: string, readOnly: boolean): string =>
  podWith(`name: agent\nimage: x:1\nvolumeMounts:\n- name: host\n  mountPath: /host\n  readOnly: ${readOnly}`,
    `volumes:\n- name: host\n  hostPath:\n    path: ${path}`);

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith('name: a\nimage: x:1', 'volumes:\n- name: cache\n  emptyDir: {}')).map(({ kind, yaml }) => ({ name: `emptyDir in a ${kind}`, yaml })),
  ],
  invalid: [
    ...everyKind(withVolume('/data/app', true)).map(({ kind, yaml }) => ({
      name: `read-only ordinary hostPath in a ${kind}`, yaml,
      errors: [{ messageId: 'hostPath', severity: 'high' as const, contains: '/data/app' }],
    })),
    { name: 'writable ordinary hostPath', yaml: everyKind(withVolume('/data/app', false))[7]!.yaml,
      errors: [{ messageId: 'writable', severity: 'critical', contains: '"agent"', resource: 'cronjob' }] },
    { name: 'root of the node', yaml: everyKind(withVolume('/', true))[0]!.yaml,
      errors: [{ messageId: 'sensitive', severity: 'critical', path: '/spec/volumes/0/hostPath/path', line: 16 }] },
    { name: 'docker socket through /var/run', yaml: everyKind(withVolume('/var/run/docker.sock', true))[1]!.yaml,
      errors: [{ messageId: 'sensitive', severity: 'critical', contains: '/run/docker.sock' }] },
    { name: 'a parent of /var/log', yaml: everyKind(withVolume('/var', true))[0]!.yaml,
      errors: [{ messageId: 'sensitive', contains: 'via /var' }] },
    {
      name: 'mounted writable only by an init container',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  - name: init
    image: x:1
    volumeMounts:
    - name: h
      mountPath: /h
  containers:
  - name: a
    image: x:1
    volumeMounts:
    - name: h
      mountPath: /h
      readOnly: true
  volumes:
  - name: h
    hostPath:
      path: /srv/data
`,
      errors: [{ messageId: 'writable', contains: '"init"' }],
    },
  ],
};
