import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import type { RuleContext } from '../../core/rule.js';
import { defineRule } from '../../core/rule.js';
import { askForFile, controlPlaneOf, providerName } from '../../controlplane/model.js';
import { SYSTEM_NAMESPACES } from '../../core/kinds.js';

const LEVELS = ['privileged', 'baseline', 'restricted'];

/** Usernames whose exemption exempts almost every pod: the controllers that create pods for workloads. */
function broadUsername(u: string): boolean {
  return /^system:serviceaccount:kube-system:(replicaset|deployment|statefulset|daemon-set|job|cronjob|replication)-controller$/.test(u) ||
    u === 'system:kube-controller-manager' || u === 'system:anonymous' || u === 'system:unauthenticated' || u.includes('*');
}

/** The PodSecurityConfiguration of an AdmissionConfiguration: inline, or in the file its path names. */
function podSecurityOf(context: RuleContext, ac: KubeResource): { resource: KubeResource; base: string } | 'missing' | undefined {
  const plugins = asArray(ac.object['plugins']);
  const i = plugins.findIndex((p) => asString(asObject(p)?.['name']) === 'PodSecurity');
  const p = asObject(plugins[i]);
  if (!p) return undefined;
  if (asObject(p['configuration'])) return { resource: ac, base: `/plugins/${i}/configuration` };
  const file = asString(p['path']);
  if (!file) return undefined;
  const got = controlPlaneOf(context).fileOf({ name: 'path', value: file, path: '' }, 'PodSecurityConfiguration');
  if ('missing' in got) {
    context.notEvaluated?.(`not evaluated: AdmissionConfiguration plugin PodSecurity names ${file}, which was not given; give ${file}`);
    return 'missing';
  }
  const r = got.resources[0];
  return r ? { resource: r, base: '' } : undefined;
}

export default defineRule({
  meta: {
    id: 'HK-PS-002',
    slug: 'pod-security-admission-config',
    needs: 'the API server AdmissionConfiguration (--admission-control-config-file, e.g. /etc/kubernetes/admission.yaml)',
    messages: {
      noConfig: 'kube-apiserver has no --admission-control-config-file: Pod Security Admission enforces "privileged" (nothing) in every namespace without labels.',
      noPodSecurity: 'AdmissionConfiguration has no PodSecurity plugin configuration, so unlabelled namespaces enforce "privileged" (nothing).',
      weakDefault: 'PodSecurityConfiguration defaults.enforce is "{{value}}", weaker than baseline: namespaces without labels run privileged pods unchecked.',
      exemptNamespace: 'PodSecurityConfiguration exempts PHI namespace "{{name}}" from Pod Security Admission.',
      exemptUser: 'PodSecurityConfiguration exempts "{{name}}": pods it creates skip Pod Security Admission{{why}}.',
      exemptRuntime: 'PodSecurityConfiguration exempts RuntimeClass "{{name}}": any pod that names it skips Pod Security Admission.',
    },
  },
  create(context) {
    const check = (ac: KubeResource): void => {
      const ps = podSecurityOf(context, ac);
      if (ps === 'missing') return;
      if (!ps) { context.report({ resource: ac, path: '/plugins', messageId: 'noPodSecurity', phi: true }); return; }
      const { resource, base } = ps;
      const cfg = base === '' ? resource.object : asObject(asObject(asArray(resource.object['plugins']).find((p) => asString(asObject(p)?.['name']) === 'PodSecurity'))?.['configuration']) ?? {};
      const enforce = asString(asObject(cfg['defaults'])?.['enforce']) ?? 'privileged';
      if (LEVELS.indexOf(enforce) < 1) context.report({ resource, path: asObject(cfg['defaults']) ? `${base}/defaults/enforce` : base, messageId: 'weakDefault', data: { value: enforce }, phi: true });
      const ex = asObject(cfg['exemptions']) ?? {};
      asArray(ex['namespaces']).forEach((n, i) => {
        const name = asString(n) ?? '';
        if (SYSTEM_NAMESPACES.has(name)) return;
        if (context.inventory.scope.namespaceLevel(name) === 'phi') context.report({ resource, path: `${base}/exemptions/namespaces/${i}`, messageId: 'exemptNamespace', data: { name }, phi: true });
      });
      asArray(ex['usernames']).forEach((n, i) => {
        const name = asString(n) ?? '';
        if (broadUsername(name)) context.report({ resource, path: `${base}/exemptions/usernames/${i}`, messageId: 'exemptUser', data: { name, why: name.includes('controller') ? ' — that is every pod of every workload' : '' }, phi: true });
      });
      asArray(ex['runtimeClasses']).forEach((n, i) => {
        context.report({ resource, path: `${base}/exemptions/runtimeClasses/${i}`, messageId: 'exemptRuntime', data: { name: asString(n) ?? '' }, severity: 'medium', phi: true });
      });
    };
    return {
      end() {
        const model = controlPlaneOf(context);
        const seen = new Set<KubeResource>();
        for (const c of model.components.get('kube-apiserver') ?? []) {
          context.markEvaluated();
          const f = c.flags.get('admission-control-config-file');
          if (!f) { context.report({ resource: c.resource, path: c.anchor, messageId: 'noConfig', severity: 'medium' }); continue; }
          const got = model.fileOf(f, 'AdmissionConfiguration');
          if ('missing' in got) { askForFile(context, 'kube-apiserver', f, 'an AdmissionConfiguration'); continue; }
          for (const ac of got.resources) { seen.add(ac); check(ac); }
        }
        for (const ac of model.admissionConfigs) {
          if (seen.has(ac)) continue;
          context.markEvaluated();
          check(ac);
        }
        if ((model.components.get('kube-apiserver') ?? []).length === 0 && model.admissionConfigs.length === 0 && context.config.provider) {
          context.notApplicable(`provider-managed: ${providerName(context.config.provider)} runs the API server with its own admission configuration; use namespace labels (HK-PS-001)`);
        }
      },
    };
  },
});
