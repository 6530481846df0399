import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';

// Run-to-completion pods have nothing to keep alive or route traffic to.
const BATCH_KINDS: ReadonlySet<string> = new Set(['Job', 'CronJob']);

export default defineRule({
  meta: {
    id: 'HK-CP-009',
    slug: 'health-probes',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, ...)',
    messages: {
      liveness: 'Container "{{container}}" of PHI {{kind}} "{{name}}" has no livenessProbe, so a hung process is never restarted.',
      readiness: 'Container "{{container}}" of PHI {{kind}} "{{name}}" has no readinessProbe, so traffic reaches it before it can serve and while it cannot.',
    },
  },
  create(context) {
    return {
      container(c) {
        const r = c.pod.resource;
        if (!context.isPhi(r)) return;
        // Init containers run to completion, except native sidecars (restartPolicy: Always); ephemeral ones take no probes.
        if (c.kind === 'ephemeralContainers') return;
        if (c.kind === 'initContainers' && c.container['restartPolicy'] !== 'Always') return;
        if (BATCH_KINDS.has(r.ref.kind)) return;
        const spec = c.pod.template.spec;
        if (r.ref.kind === 'Pod') {
          const policy = asString(spec['restartPolicy']);
          const ownedByJob = asArray(asObject(r.object['metadata'])?.['ownerReferences']).some((o) => asString(asObject(o)?.['kind']) === 'Job');
          if (policy === 'Never' || policy === 'OnFailure' || ownedByJob) return;
        }
        const data = { container: c.name, kind: r.ref.kind, name: r.ref.name };
        if (c.container['livenessProbe'] === undefined || c.container['livenessProbe'] === null) {
          context.report({ resource: r, path: c.path, messageId: 'liveness', data });
        }
        if (c.container['readinessProbe'] === undefined || c.container['readinessProbe'] === null) {
          context.report({ resource: r, path: c.path, messageId: 'readiness', data });
        }
      },
    };
  },
});
