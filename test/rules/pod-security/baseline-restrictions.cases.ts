import type { RuleCases } from '../../support/rule-tester.js';
import { everyKind, HARDENED, podWith } from './workloads.js';

const container = (sc: string): string => podWith(`name: a\nimage: x:1\nsecurityContext:\n${sc.split('\n').map((l) => '  ' + l).join('\n')}`);
const pod = (sc: string): string => podWith('name: a\nimage: x:1', `securityContext:\n${sc.split('\n').map((l) => '  ' + l).join('\n')}`);

export const cases: RuleCases = {
  valid: [
    ...everyKind(podWith(HARDENED)).map(({ kind, yaml }) => ({ name: `hardened ${kind}`, yaml })),
    { name: 'allowed SELinux type and level', yaml: everyKind(container('seLinuxOptions:\n  type: container_init_t\n  level: "s0:c123,c456"'))[0]!.yaml },
    { name: 'container_engine_t (1.31+)', yaml: everyKind(pod('seLinuxOptions:\n  type: container_engine_t'))[0]!.yaml },
    { name: 'safe sysctls', yaml: everyKind(pod('sysctls:\n- name: net.ipv4.tcp_keepalive_time\n  value: "60"\n- name: kernel.shm_rmid_forced\n  value: "1"'))[0]!.yaml },
    { name: 'AppArmor RuntimeDefault and Localhost', yaml: everyKind(container('appArmorProfile:\n  type: Localhost\n  localhostProfile: k8s-x'))[0]!.yaml },
    { name: 'AppArmor annotations allowed', yaml: everyKind(podWith('name: a\nimage: x:1'), { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'runtime/default' } })[1]!.yaml },
    { name: 'procMount Default and hostProcess false', yaml: everyKind(container('procMount: Default\nwindowsOptions:\n  hostProcess: false'))[0]!.yaml },
  ],
  invalid: [
    ...everyKind(container('procMount: Unmasked')).map(({ kind, yaml }) => ({
      name: `procMount Unmasked in a ${kind}`, yaml,
      errors: [{ messageId: 'procMount', severity: 'high' as const, resource: kind.toLowerCase() }],
    })),
    { name: 'SELinux custom type at pod level', yaml: everyKind(pod('seLinuxOptions:\n  type: spc_t'))[0]!.yaml,
      errors: [{ messageId: 'selinuxType', contains: 'spc_t', path: '/spec/securityContext/seLinuxOptions/type' }] },
    { name: 'SELinux user and role on a container', yaml: everyKind(container('seLinuxOptions:\n  user: system_u\n  role: system_r'))[7]!.yaml,
      errors: [{ messageId: 'selinuxUserRole', contains: 'user system_u' }, { messageId: 'selinuxUserRole', contains: 'role system_r' }] },
    { name: 'unsafe sysctl', yaml: everyKind(pod('sysctls:\n- name: kernel.msgmax\n  value: "65536"'))[1]!.yaml,
      errors: [{ messageId: 'sysctl', contains: 'kernel.msgmax', path: '/spec/template/spec/securityContext/sysctls/0/name' }] },
    { name: 'AppArmor Unconfined field', yaml: everyKind(pod('appArmorProfile:\n  type: Unconfined'))[0]!.yaml,
      errors: [{ messageId: 'apparmorProfile', contains: 'Unconfined' }] },
    { name: 'AppArmor unconfined annotation', yaml: everyKind(podWith('name: a\nimage: x:1'), { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' } })[0]!.yaml,
      errors: [{ messageId: 'apparmorAnnotation', line: 6, contains: 'container "a"' }] },
    { name: 'hostProcess at pod level', yaml: everyKind(pod('windowsOptions:\n  hostProcess: true'))[0]!.yaml,
      errors: [{ messageId: 'hostProcess', contains: 'pod securityContext' }] },
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
    securityContext:
      windowsOptions:
        hostProcess: true
  ephemeralContainers:
  - name: dbg
    image: x:1
    securityContext:
      procMount: Unmasked
  containers:
  - name: a
    image: x:1
`,
      errors: [{ messageId: 'hostProcess', line: 11, contains: 'Container "init"' }, { messageId: 'procMount', line: 16, contains: '"dbg"' }],
    },
  ],
};
