import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, podWith } from './workloads.js';

const volumes = (v: string): string => podWith('name: a\nimage: x:1', `volumes:\n${v}`);

export const cases: RuleCases = {
  valid: [
    ...everyKind(volumes('- name: c\n  configMap:\n    name: cm\n- name: s\n  secret:\n    secretName: s\n- name: e\n  emptyDir: {}\n- name: p\n  persistentVolumeClaim:\n    claimName: data\n- name: t\n  projected:\n    sources: []\n- name: d\n  downwardAPI:\n    items: []\n- name: x\n  csi:\n    driver: secrets-store.csi.k8s.io\n- name: eph\n  ephemeral:\n    volumeClaimTemplate:\n      spec: {}'))
      .map(({ kind, yaml }) => ({ name: `restricted types in a ${kind}`, yaml })),
    { name: 'a volume with only a name (defaults to emptyDir)', yaml: everyKind(volumes('- name: scratch'))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(volumes('- name: share\n  nfs:\n    server: nfs.example.org\n    path: /exports')).map(({ kind, yaml }) => ({
      name: `nfs in a ${kind}`, yaml,
      errors: [{ messageId: 'volumeType', severity: 'low' as const, contains: 'nfs', resource: kind.toLowerCase() }],
    })),
    { name: 'hostPath and gitRepo', yaml: everyKind(volumes('- name: h\n  hostPath:\n    path: /srv\n- name: g\n  gitRepo:\n    repository: https://example.org/r.git'))[0]!.yaml,
      errors: [{ messageId: 'volumeType', contains: 'hostPath', path: '/spec/volumes/0/hostPath', line: 11 }, { messageId: 'volumeType', contains: 'gitRepo' }] },
  ],
};
