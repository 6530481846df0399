import type { PodSpecNode } from '../../core/inventory.js';
import { volumeCause } from '../../core/causes.js';
import { containersOf } from '../../core/inventory.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { defineRule } from '../../core/rule.js';
import { ownerOf, podSpecPath } from '../support/security-context.js';

/** Node paths whose exposure gives node takeover or reads other tenants' data (PHI in logs, kubelet credentials, runtime sockets). */
const SENSITIVE_PATHS: readonly string[] = [
  '/', '/etc', '/proc', '/sys', '/dev', '/boot', '/root', '/var/lib/kubelet', '/var/log',
  '/run/docker.sock', '/run/containerd', '/run/crio', '/var/lib/docker', '/var/lib/containerd', '/etc/kubernetes',
];

/** Normalises a host path: collapses slashes, drops a trailing slash and resolves the /var/run → /run symlink. */
export function normaliseHostPath(raw: string): string {
  let p = raw.replace(/\/+/g, '/');
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  if (p === '/var/run' || p.startsWith('/var/run/')) p = '/run' + p.slice('/var/run'.length);
  return p;
}

/** The sensitive path a host path exposes: itself, one it lies under, or one it contains (e.g. /var contains /var/log). */
export function sensitiveHostPath(raw: string): string | undefined {
  const p = normaliseHostPath(raw);
  for (const s of SENSITIVE_PATHS) {
    if (s === '/') { if (p === '/') return s; continue; }
    if (p === s || p.startsWith(s + '/') || s.startsWith(p === '/' ? '/' : p + '/')) return s;
  }
  return undefined;
}

/** Containers that mount the volume without readOnly. */
function writableMounts(pod: PodSpecNode, volume: string): string[] {
  const out: string[] = [];
  for (const c of containersOf(pod)) {
    for (const m of asArray(c.container['volumeMounts'])) {
      const mount = asObject(m);
      if (asString(mount?.['name']) === volume && mount?.['readOnly'] !== true) out.push(c.name);
    }
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'HK-PS-005',
    slug: 'no-host-path-volumes',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      hostPath: 'Volume "{{volume}}" of {{owner}} mounts host path {{path}} from the node.',
      sensitive: 'Volume "{{volume}}" of {{owner}} mounts host path {{path}}, which exposes the node\'s {{sensitive}}.',
      writable: 'Volume "{{volume}}" of {{owner}} mounts host path {{path}} writable in container(s) {{containers}}.',
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        asArray(pod.template.spec['volumes']).forEach((v, i) => {
          const volume = asObject(v);
          const hostPath = asObject(volume?.['hostPath']);
          if (!volume || !hostPath) return;
          const name = asString(volume['name']) ?? `#${i}`;
          const path = asString(hostPath['path']) ?? '';
          const at = `${podSpecPath(pod)}/volumes/${i}/hostPath` + (hostPath['path'] !== undefined ? '/path' : '');
          // One volume is one cause: its hostPath, its type outside the restricted set and PHI kept on the node (PS-013, EN-008).
          const base = { resource: pod.resource, path: at, cause: volumeCause(pod.resource.ref, `${podSpecPath(pod)}/volumes/${i}`) };
          const sensitive = sensitiveHostPath(path);
          const writers = writableMounts(pod, name);
          if (sensitive !== undefined) {
            context.report({ ...base, messageId: 'sensitive', severity: 'critical',
              data: { volume: name, owner: ownerOf(pod), path, sensitive: sensitive === normaliseHostPath(path) ? path : `${sensitive} (via ${path})` } });
          } else if (writers.length > 0) {
            context.report({ ...base, messageId: 'writable', severity: 'critical',
              data: { volume: name, owner: ownerOf(pod), path, containers: writers.map((w) => `"${w}"`).join(', ') } });
          } else {
            context.report({ ...base, messageId: 'hostPath', data: { volume: name, owner: ownerOf(pod), path } });
          }
        });
      },
    };
  },
});
