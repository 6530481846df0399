import { asArray, asObject, asString } from '../../core/resource.js';
import { defineRule } from '../../core/rule.js';
import { canonicalCapability } from './restrict-capabilities.js';
import { containerSecurityContext, isWindowsPod, ownerOf, setFieldOp } from '../support/security-context.js';

export default defineRule({
  meta: {
    id: 'HK-PS-009',
    slug: 'no-privilege-escalation',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      allowed: 'Container "{{name}}" of {{owner}} sets allowPrivilegeEscalation: true, so setuid binaries can gain privileges.',
      unset: 'Container "{{name}}" of {{owner}} does not set allowPrivilegeEscalation: false (the default allows escalation).',
      implied: 'Container "{{name}}" of {{owner}} can always escalate privileges because it {{reason}}; allowPrivilegeEscalation: false cannot be set with that.',
    },
  },
  create(context) {
    return {
      container(c) {
        // no_new_privs is a Linux mechanism; PSS exempts pods that declare os.name=windows.
        if (isWindowsPod(c.pod)) return;
        const sc = containerSecurityContext(c);
        const data = { name: c.name, owner: ownerOf(c.pod) };
        const sysAdmin = asArray(asObject(sc?.['capabilities'])?.['add']).some((a) => canonicalCapability(asString(a) ?? '') === 'SYS_ADMIN');
        if (sc?.['privileged'] === true || sysAdmin) {
          // The API server rejects allowPrivilegeEscalation: false together with privileged or CAP_SYS_ADMIN, so there is no safe fix here.
          context.report({ resource: c.pod.resource, path: `${c.path}/securityContext`, messageId: 'implied',
            data: { ...data, reason: sc?.['privileged'] === true ? 'runs privileged' : 'adds CAP_SYS_ADMIN' } });
          return;
        }
        const value = sc?.['allowPrivilegeEscalation'];
        if (value === false) return;
        const fix = { description: `set allowPrivilegeEscalation: false on container "${c.name}"`,
          patch: [setFieldOp(c.path, c.container, ['securityContext', 'allowPrivilegeEscalation'], false)] };
        if (value !== undefined) {
          context.report({ resource: c.pod.resource, path: `${c.path}/securityContext/allowPrivilegeEscalation`, messageId: 'allowed', data, fix });
        } else {
          context.report({ resource: c.pod.resource, path: sc ? `${c.path}/securityContext` : c.path, messageId: 'unset', data, fix });
        }
      },
    };
  },
});
