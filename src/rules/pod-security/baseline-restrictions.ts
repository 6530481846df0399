import type { PodSpecNode } from '../../core/inventory.js';
import type { JsonObject } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import type { Report } from '../../core/rule.js';
import { defineRule } from '../../core/rule.js';
import { containerSecurityContext, ownerOf, podAnnotations, podAnnotationsPath, podSecurityContext, podSpecPath } from '../support/security-context.js';

/** Sysctls the PSS baseline profile allows (namespaced and isolated per pod), as of Kubernetes 1.29+. */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);

/** SELinux types the PSS baseline profile allows (container_engine_t since 1.31). */
export const SAFE_SELINUX_TYPES: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

type MessageId = 'apparmorProfile' | 'apparmorAnnotation' | 'selinuxType' | 'selinuxUserRole' | 'procMount' | 'sysctl' | 'hostProcess';
type Emit = (r: Omit<Report<MessageId>, 'resource'>) => void;

/** SELinux, AppArmor and hostProcess settings shared by the pod and container security contexts. */
function checkContext(sc: JsonObject | undefined, base: string, where: string, owner: string, emit: Emit): void {
  if (!sc) return;
  const se = asObject(sc['seLinuxOptions']);
  if (se) {
    const type = se['type'];
    if (type !== undefined && type !== null && !SAFE_SELINUX_TYPES.has(asString(type) ?? '?')) {
      emit({ path: `${base}/seLinuxOptions/type`, messageId: 'selinuxType', data: { where, owner, value: String(type) } });
    }
    for (const field of ['user', 'role'] as const) {
      const v = se[field];
      if (v !== undefined && v !== null && v !== '') {
        emit({ path: `${base}/seLinuxOptions/${field}`, messageId: 'selinuxUserRole', data: { where, owner, field, value: String(v) } });
      }
    }
  }
  const apparmor = asString(asObject(sc['appArmorProfile'])?.['type']);
  if (apparmor !== undefined && apparmor !== 'RuntimeDefault' && apparmor !== 'Localhost') {
    emit({ path: `${base}/appArmorProfile/type`, messageId: 'apparmorProfile', data: { where, owner, value: apparmor } });
  }
  if (asObject(sc['windowsOptions'])?.['hostProcess'] === true) {
    emit({ path: `${base}/windowsOptions/hostProcess`, messageId: 'hostProcess', data: { where, owner } });
  }
}

function checkAnnotations(pod: PodSpecNode, emit: Emit): void {
  const annotations = podAnnotations(pod);
  for (const key in annotations) {
    if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
    const value = annotations[key] ?? '';
    if (value === 'runtime/default' || value.startsWith('localhost/')) continue;
    emit({ path: podAnnotationsPath(pod, key), messageId: 'apparmorAnnotation',
      data: { owner: ownerOf(pod), container: key.slice(APPARMOR_ANNOTATION.length), value } });
  }
}

export default defineRule({
  meta: {
    id: 'HK-PS-012',
    slug: 'baseline-restrictions',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      apparmorProfile: '{{where}} of {{owner}} sets appArmorProfile.type {{value}}; only RuntimeDefault or Localhost keep AppArmor confinement.',
      apparmorAnnotation: '{{owner}} sets the AppArmor profile of container "{{container}}" to {{value}} by annotation; only runtime/default or localhost/* are allowed.',
      selinuxType: '{{where}} of {{owner}} sets SELinux type {{value}}, outside container_t, container_init_t, container_kvm_t and container_engine_t.',
      selinuxUserRole: '{{where}} of {{owner}} sets SELinux {{field}} {{value}}; custom SELinux users and roles are forbidden.',
      procMount: 'Container "{{name}}" of {{owner}} sets procMount: {{value}}, unmasking /proc paths of the node.',
      sysctl: '{{owner}} sets sysctl {{sysctl}}, which is not in the Pod Security baseline safe set.',
      hostProcess: '{{where}} of {{owner}} runs as a Windows HostProcess container, with full access to the node.',
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        const emit: Emit = (r) => context.report({ ...r, resource: pod.resource });
        const owner = ownerOf(pod);
        const sc = podSecurityContext(pod);
        checkContext(sc, `${podSpecPath(pod)}/securityContext`, 'The pod securityContext', owner, emit);
        asArray(sc?.['sysctls']).forEach((s, i) => {
          const name = asString(asObject(s)?.['name']);
          if (name !== undefined && SAFE_SYSCTLS.has(name)) return;
          emit({ path: `${podSpecPath(pod)}/securityContext/sysctls/${i}/name`, messageId: 'sysctl', data: { owner, sysctl: name ?? '(unnamed)' } });
        });
        checkAnnotations(pod, emit);
      },
      container(c) {
        const emit: Emit = (r) => context.report({ ...r, resource: c.pod.resource });
        const sc = containerSecurityContext(c);
        checkContext(sc, `${c.path}/securityContext`, `Container "${c.name}"`, ownerOf(c.pod), emit);
        const proc = sc?.['procMount'];
        if (proc !== undefined && proc !== null && proc !== 'Default') {
          emit({ path: `${c.path}/securityContext/procMount`, messageId: 'procMount', data: { name: c.name, owner: ownerOf(c.pod), value: String(proc) } });
        }
      },
    };
  },
});
