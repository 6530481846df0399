import type { AccessRequest, RuleMatch } from './rule-match.js';
import { ruleAllows } from './rule-match.js';
import type { EffectiveRule, RbacModel, RoleDef } from './model.js';

/** A risky ability, as the set of requests any one of which confers it. */
export interface Capability {
  readonly id: CapabilityId;
  readonly label: string;
  readonly requests: readonly AccessRequest[];
}

export type CapabilityId =
  | 'read-secrets' | 'exec' | 'create-workloads' | 'change-rbac' | 'impersonate'
  | 'nodes-proxy' | 'sa-token' | 'csr-approve' | 'webhooks' | 'create-pv' | 'escalate-bind' | 'write-bindings';

function reqs(verbs: readonly string[], group: string, resources: readonly string[]): AccessRequest[] {
  const out: AccessRequest[] = [];
  for (const res of resources) {
    const [resource = res, subresource] = res.split('/');
    for (const verb of verbs) out.push({ verb, group, resource, ...(subresource ? { subresource } : {}) });
  }
  return out;
}

export const CAPABILITIES: Readonly<Record<CapabilityId, Capability>> = {
  'read-secrets': { id: 'read-secrets', label: 'read Secrets', requests: reqs(['get', 'list', 'watch'], '', ['secrets']) },
  // get is included: exec and attach over WebSocket were authorized as get before Kubernetes 1.30/1.31.
  exec: {
    id: 'exec', label: 'exec/attach/port-forward',
    requests: reqs(['create', 'get'], '', ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy']),
  },
  'create-workloads': {
    id: 'create-workloads', label: 'create workloads',
    requests: [
      ...reqs(['create'], '', ['pods', 'replicationcontrollers']),
      ...reqs(['create'], 'apps', ['deployments', 'statefulsets', 'daemonsets', 'replicasets']),
      ...reqs(['create'], 'batch', ['jobs', 'cronjobs']),
    ],
  },
  'change-rbac': {
    id: 'change-rbac', label: 'change RBAC',
    requests: [
      ...reqs(['escalate', 'bind'], 'rbac.authorization.k8s.io', ['roles', 'clusterroles']),
      ...reqs(['create', 'update', 'patch'], 'rbac.authorization.k8s.io', ['rolebindings', 'clusterrolebindings', 'roles', 'clusterroles']),
    ],
  },
  'escalate-bind': { id: 'escalate-bind', label: 'escalate/bind roles', requests: reqs(['escalate', 'bind'], 'rbac.authorization.k8s.io', ['roles', 'clusterroles']) },
  'write-bindings': {
    id: 'write-bindings', label: 'write role bindings',
    requests: reqs(['create', 'update', 'patch'], 'rbac.authorization.k8s.io', ['rolebindings', 'clusterrolebindings']),
  },
  impersonate: {
    id: 'impersonate', label: 'impersonate',
    requests: [
      ...reqs(['impersonate'], '', ['users', 'groups', 'serviceaccounts']),
      ...reqs(['impersonate'], 'authentication.k8s.io', ['uids', 'userextras/*', 'users', 'groups']),
    ],
  },
  'nodes-proxy': { id: 'nodes-proxy', label: 'nodes/proxy', requests: reqs(['get', 'create', 'update', 'patch', 'delete'], '', ['nodes/proxy']) },
  'sa-token': { id: 'sa-token', label: 'create ServiceAccount tokens', requests: reqs(['create'], '', ['serviceaccounts/token']) },
  'csr-approve': {
    id: 'csr-approve', label: 'approve CSRs',
    requests: [
      ...reqs(['update', 'patch'], 'certificates.k8s.io', ['certificatesigningrequests/approval']),
    ],
  },
  webhooks: {
    id: 'webhooks', label: 'change admission webhooks',
    requests: reqs(['create', 'update', 'patch', 'delete'], 'admissionregistration.k8s.io',
      ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']),
  },
  'create-pv': { id: 'create-pv', label: 'create PersistentVolumes', requests: reqs(['create'], '', ['persistentvolumes']) },
};

/** One request a rule allows, with how. */
export interface CapabilityHit {
  readonly cap: CapabilityId;
  readonly request: AccessRequest;
  readonly rule: EffectiveRule;
  readonly match: Exclude<RuleMatch, false>;
}

export function requestLabel(req: AccessRequest): string {
  const res = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  return `${req.verb} ${res}`;
}

/** Hits of a capability in a role, computed once per role and shared by every binding to it. */
export function capabilityIndex(model: RbacModel): (role: RoleDef, cap: CapabilityId) => readonly CapabilityHit[] {
  const cache = new Map<RoleDef, Map<CapabilityId, CapabilityHit[]>>();
  // Per capability, the resource strings a rule must name (or wildcard) to allow any of its requests.
  const named = new Map<CapabilityId, ReadonlySet<string>>();
  const mayAllow = (cap: CapabilityId, rule: EffectiveRule): boolean => {
    let set = named.get(cap);
    if (!set) named.set(cap, (set = new Set(CAPABILITIES[cap].requests.map((q) => (q.subresource ? `${q.resource}/${q.subresource}` : q.resource)))));
    for (const r of rule.rule.resources) if (r === '*' || r.startsWith('*/') || set.has(r)) return true;
    return false;
  };
  return (role, cap) => {
    let perRole = cache.get(role);
    if (!perRole) cache.set(role, (perRole = new Map()));
    let hits = perRole.get(cap);
    if (hits) return hits;
    hits = [];
    for (const rule of model.rulesOf(role)) {
      if (!mayAllow(cap, rule)) continue;
      for (const request of CAPABILITIES[cap].requests) {
        const match = ruleAllows(rule.rule, request);
        if (match) hits.push({ cap, request, rule, match });
      }
    }
    perRole.set(cap, hits);
    return hits;
  };
}

/** Verbs and resources of hits, condensed for a message: "create,get pods/exec, pods/attach". */
export function summarizeHits(hits: readonly CapabilityHit[]): string {
  const byRes = new Map<string, Set<string>>();
  for (const h of hits) {
    const res = h.request.subresource ? `${h.request.resource}/${h.request.subresource}` : h.request.resource;
    let verbs = byRes.get(res);
    if (!verbs) byRes.set(res, (verbs = new Set()));
    verbs.add(h.request.verb);
  }
  return [...byRes.entries()].map(([res, verbs]) => `${[...verbs].join('/')} ${res}`).join(', ');
}
