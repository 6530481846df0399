import { defineRule } from '../../core/rule.js';
import { componentsFor } from '../../controlplane/model.js';

const MINIMUMS = [['audit-log-maxage', 30, 'days'], ['audit-log-maxbackup', 10, 'files'], ['audit-log-maxsize', 100, 'MB']] as const;

export default defineRule({
  meta: {
    id: 'HK-AU-002',
    slug: 'audit-log-rotation',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      low: 'kube-apiserver keeps local audit logs with --{{flag}}={{value}} (at least {{min}} {{unit}}); the local file is only a buffer before shipping, and rotation this tight can lose events.',
      unset: 'kube-apiserver does not set --{{flag}} (CIS expects at least {{min}} {{unit}}), so local audit files are kept or rotated without a plan.',
    },
  },
  create(context) {
    return {
      end() {
        const servers = componentsFor(context, 'kube-apiserver');
        let logsToFile = false;
        for (const c of servers) {
          const p = c.flags.get('audit-log-path');
          if (!p || p.value === '-') continue;
          logsToFile = true;
          for (const [flag, min, unit] of MINIMUMS) {
            const f = c.flags.get(flag);
            if (!f) context.report({ resource: c.resource, path: c.anchor, messageId: 'unset', data: { flag, min, unit} });
            else if (!(Number(f.value) >= min)) context.report({ resource: c.resource, path: f.path, messageId: 'low', data: { flag, value: f.value, min, unit } });
          }
        }
        // Rotation is about a local audit file; with none, HK-AU-001 judges the missing audit log.
        if (servers.length > 0 && !logsToFile) context.notApplicable('kube-apiserver writes no local audit log file (no --audit-log-path), so there is no rotation to judge; see HK-AU-001');
      },
    };
  },
});
