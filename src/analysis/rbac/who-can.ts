import type { AccessRequest } from './rule-match.js';
import { describeRule } from './rule-match.js';
import type { GrantPath, RbacModel } from './model.js';
import { describeRuleOrigin, describeSubject } from './model.js';
import type { AccessKind, JitGrant } from './jit-access.js';
import { jitGrantOf } from './jit-access.js';

/** API groups of resources people name without a group. */
const KNOWN_GROUPS: Readonly<Record<string, string>> = {
  pods: '', secrets: '', configmaps: '', services: '', serviceaccounts: '', namespaces: '', nodes: '', persistentvolumes: '',
  persistentvolumeclaims: '', endpoints: '', events: '', replicationcontrollers: '', users: '', groups: '',
  deployments: 'apps', statefulsets: 'apps', daemonsets: 'apps', replicasets: 'apps', controllerrevisions: 'apps',
  jobs: 'batch', cronjobs: 'batch',
  roles: 'rbac.authorization.k8s.io', rolebindings: 'rbac.authorization.k8s.io', clusterroles: 'rbac.authorization.k8s.io',
  clusterrolebindings: 'rbac.authorization.k8s.io',
  networkpolicies: 'networking.k8s.io', ingresses: 'networking.k8s.io',
  certificatesigningrequests: 'certificates.k8s.io',
  validatingwebhookconfigurations: 'admissionregistration.k8s.io', mutatingwebhookconfigurations: 'admissionregistration.k8s.io',
  uids: 'authentication.k8s.io', userextras: 'authentication.k8s.io',
};

/** Parses RESOURCE[.GROUP][/SUBRESOURCE] as kubectl spells it, e.g. pods/exec, deployments.apps, secrets. */
export function parseResourceSpec(verb: string, spec: string, name?: string): AccessRequest {
  if (!/^[a-z0-9*][a-z0-9.*-]*(\/[a-z0-9*-]+)?$/i.test(spec)) throw new Error(`"${spec}" is not a resource: expected RESOURCE[.GROUP][/SUBRESOURCE], e.g. pods/exec or deployments.apps`);
  const [head = spec, subresource] = spec.toLowerCase().split('/');
  const dot = head.indexOf('.');
  const resource = dot < 0 ? head : head.slice(0, dot);
  const group = dot < 0 ? (KNOWN_GROUPS[resource] ?? '') : head.slice(dot + 1);
  return { verb: verb.toLowerCase(), group, resource, ...(subresource ? { subresource } : {}), ...(name ? { name } : {}) };
}

export interface WhoCanAnswer {
  readonly subject: string;
  readonly where: string;
  readonly binding: string;
  readonly via: string;
  readonly rule: string;
  readonly restrictedTo?: readonly string[];
  readonly file: string;
  readonly line: number;
  /** standing, or just-in-time through a grant RoleBinding of the access broker. */
  readonly access: AccessKind;
  readonly grant?: JitGrant;
}

/** `now` (ms) is the analysis time a grant's expiry is compared with. */
export function whoCan(model: RbacModel, req: AccessRequest, namespace: string | undefined, now: number): WhoCanAnswer[] {
  const paths: GrantPath[] = model.whoCan(req, namespace);
  const out = paths.map((p): WhoCanAnswer => {
    const grant = jitGrantOf(p.binding, now);
    return {
    subject: describeSubject(p.subject),
    where: p.binding.scope === '*' ? 'cluster-wide' : `namespace ${p.binding.scope}`,
    binding: `${p.binding.kind} ${p.binding.namespace ? p.binding.namespace + '/' : ''}${p.binding.name}`,
    via: describeRuleOrigin(p.rule, p.binding.role ?? p.rule.holder),
    rule: describeRule(p.rule.rule),
    ...(p.match === 'names' ? { restrictedTo: p.rule.rule.resourceNames } : {}),
    file: p.binding.resource.origin.file,
    line: p.binding.resource.origin.line,
    access: grant ? 'jit' : 'standing',
    ...(grant ? { grant } : {}),
  };
  });
  out.sort((a, b) => a.subject.localeCompare(b.subject) || a.binding.localeCompare(b.binding) || a.via.localeCompare(b.via));
  return out;
}
