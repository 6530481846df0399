import { asArray, asObject, asString } from '../../core/resource.js';
import { defineRule } from '../../core/rule.js';
import { containerSecurityContext, isWindowsPod, ownerOf, setFieldOp } from '../support/security-context.js';

/** Capabilities the PSS baseline profile lets a container add (the container runtime's default set). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Capabilities that are direct container-escape or host-control primitives: the catalog's list plus a few of the same class. */
export const DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'SYS_MODULE',
  'SYS_RAWIO', 'DAC_READ_SEARCH', 'BPF', 'SYS_BOOT', 'MAC_ADMIN', 'MAC_OVERRIDE',
]);

/** Runtimes accept "cap_sys_admin" and "CAP_SYS_ADMIN" alike. */
export function canonicalCapability(raw: string): string {
  const up = raw.trim().toUpperCase();
  return up.startsWith('CAP_') ? up.slice(4) : up;
}

export default defineRule({
  meta: {
    id: 'HK-PS-007',
    slug: 'restrict-capabilities',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      noDropAll: 'Container "{{name}}" of {{owner}} does not drop ALL capabilities, so it keeps the runtime\'s default set.',
      addDangerous: 'Container "{{name}}" of {{owner}} adds capability {{capability}}, which is enough to escape the container or control the node\'s network.',
      addBeyondBaseline: 'Container "{{name}}" of {{owner}} adds capability {{capability}}, which is outside the Pod Security baseline set.',
      addOther: 'Container "{{name}}" of {{owner}} adds capability {{capability}}; the restricted profile allows only NET_BIND_SERVICE.',
    },
  },
  create(context) {
    return {
      container(c) {
        const sc = containerSecurityContext(c);
        const caps = asObject(sc?.['capabilities']);
        const data = { name: c.name, owner: ownerOf(c.pod) };
        const windows = isWindowsPod(c.pod);
        asArray(caps?.['add']).forEach((a, i) => {
          const raw = asString(a) ?? String(a);
          const cap = canonicalCapability(raw);
          const path = `${c.path}/securityContext/capabilities/add/${i}`;
          if (DANGEROUS_CAPABILITIES.has(cap)) {
            context.report({ resource: c.pod.resource, path, messageId: 'addDangerous', data: { ...data, capability: raw } });
          } else if (!BASELINE_CAPABILITIES.has(cap)) {
            context.report({ resource: c.pod.resource, path, messageId: 'addBeyondBaseline', severity: 'medium', data: { ...data, capability: raw } });
          } else if (raw !== 'NET_BIND_SERVICE' && !windows) {
            context.report({ resource: c.pod.resource, path, messageId: 'addOther', severity: 'low', data: { ...data, capability: raw } });
          }
        });
        // Dropping capabilities is Linux-only; PSS exempts pods that declare os.name=windows.
        if (windows) return;
        const drop = asArray(caps?.['drop']);
        // Runtimes (containerd, CRI-O) match "ALL" without regard to case, and so do Trivy and Polaris.
        if (drop.some((d) => typeof d === 'string' && canonicalCapability(d) === 'ALL')) return;
        const base = c.path;
        const fix = Array.isArray(caps?.['drop'])
          ? { op: 'add' as const, path: `${base}/securityContext/capabilities/drop/-`, value: 'ALL' }
          : setFieldOp(base, c.container, ['securityContext', 'capabilities', 'drop'], ['ALL']);
        context.report({
          resource: c.pod.resource,
          path: caps ? `${base}/securityContext/capabilities` : sc ? `${base}/securityContext` : base,
          messageId: 'noDropAll',
          severity: 'medium',
          data,
          fix: { description: `drop ALL capabilities in container "${c.name}" (add back NET_BIND_SERVICE only if it binds a port below 1024)`, patch: [fix] },
        });
      },
    };
  },
});
