import type { KubeResource } from '../core/resource.js';
import { asArray, asObject, asString } from '../core/resource.js';

export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type AuditLevel = (typeof AUDIT_LEVELS)[number];
export const AUDIT_STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;

export function levelRank(l: AuditLevel): number {
  return AUDIT_LEVELS.indexOf(l);
}

export interface GroupResources {
  readonly group: string;
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

export interface AuditRule {
  readonly index: number;
  readonly path: string;
  readonly level: AuditLevel;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly resources: readonly GroupResources[];
  readonly namespaces: readonly string[];
  readonly nonResourceURLs: readonly string[];
  readonly omitStages: readonly string[];
}

export interface AuditUser {
  readonly name: string;
  readonly groups: readonly string[];
}

export interface AuditRequest {
  readonly user: AuditUser;
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  /** '' for cluster-scoped resources. */
  readonly namespace: string;
  readonly name: string;
}

export interface AuditDecision {
  readonly level: AuditLevel;
  /** The rule that decided; undefined when none matched (the API server then logs nothing). */
  readonly rule?: AuditRule;
  readonly omitStages: ReadonlySet<string>;
}

const strings = (v: unknown): string[] => asArray(v).map((x) => asString(x)).filter((x): x is string => x !== undefined);

function levelOf(v: unknown): AuditLevel {
  const s = asString(v);
  return (AUDIT_LEVELS as readonly string[]).includes(s ?? '') ? (s as AuditLevel) : 'None';
}

export function auditRules(policy: KubeResource): AuditRule[] {
  return asArray(policy.object['rules']).map((raw, index) => {
    const r = asObject(raw) ?? {};
    return {
      index,
      path: `/rules/${index}`,
      level: levelOf(r['level']),
      users: strings(r['users']),
      userGroups: strings(r['userGroups']),
      verbs: strings(r['verbs']),
      resources: asArray(r['resources']).map((g) => {
        const o = asObject(g) ?? {};
        return { group: asString(o['group']) ?? '', resources: strings(o['resources']), resourceNames: strings(o['resourceNames']) };
      }),
      namespaces: strings(r['namespaces']),
      nonResourceURLs: strings(r['nonResourceURLs']),
      omitStages: strings(r['omitStages']),
    };
  });
}

export function policyOmitStages(policy: KubeResource): string[] {
  return strings(policy.object['omitStages']);
}

/** The API server's matching (apiserver/pkg/audit/policy/checker.go) for resource requests. */
export function ruleMatches(rule: AuditRule, req: AuditRequest): boolean {
  if (rule.users.length > 0 && !rule.users.includes(req.user.name)) return false;
  if (rule.userGroups.length > 0 && !req.user.groups.some((g) => rule.userGroups.includes(g))) return false;
  if (rule.verbs.length > 0 && !rule.verbs.includes(req.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) {
    if (rule.namespaces.length > 0 && !rule.namespaces.includes(req.namespace)) return false;
    if (rule.resources.length === 0) return true;
    const combined = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
    return rule.resources.some((gr) => gr.group === req.group && (gr.resources.length === 0 || gr.resources.some((res) =>
      (gr.resourceNames.length === 0 || gr.resourceNames.includes(req.name)) &&
      (res === combined || res === '*' ||
        (req.subresource !== undefined && res.startsWith('*/') && res.slice(2) === req.subresource) ||
        (res.endsWith('/*') && res.slice(0, -2) === req.resource)))));
  }
  // A rule that names only non-resource URLs never matches a resource request.
  return rule.nonResourceURLs.length === 0;
}

/** First matching rule decides; with no match nothing is logged. */
export function decide(rules: readonly AuditRule[], policyOmit: readonly string[], req: AuditRequest): AuditDecision {
  const rule = rules.find((r) => ruleMatches(r, req));
  if (!rule) return { level: 'None', omitStages: new Set(policyOmit) };
  return { level: rule.level, rule, omitStages: new Set([...policyOmit, ...rule.omitStages]) };
}

/** A class of requests HIPAA review needs to see (controls.md HK-AU-003). */
export interface AuditEventClass {
  readonly label: string;
  readonly verbs: readonly string[];
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespaced: boolean;
  /** Payloads hold secret values: must be logged at exactly Metadata (HK-AU-004). */
  readonly secretPayload?: boolean;
  /** Long-running connect requests (exec, attach, port-forward): stages matter. */
  readonly longRunning?: boolean;
  /** Name of the object; for namespaces it is the PHI namespace itself. */
  readonly nameIsNamespace?: boolean;
}

const WRITE = ['create', 'update', 'patch', 'delete'];
// kubectl exec over WebSocket (default since 1.30) is a GET; over SPDY it is a POST (create).
const CONNECT = ['create', 'get'];

export const HIPAA_EVENT_CLASSES: readonly AuditEventClass[] = [
  { label: 'Secret reads', verbs: ['get', 'list', 'watch'], group: '', resource: 'secrets', namespaced: true, secretPayload: true },
  { label: 'Secret changes', verbs: WRITE, group: '', resource: 'secrets', namespaced: true, secretPayload: true },
  { label: 'ConfigMap reads', verbs: ['get', 'list', 'watch'], group: '', resource: 'configmaps', namespaced: true, secretPayload: true },
  { label: 'ConfigMap changes', verbs: WRITE, group: '', resource: 'configmaps', namespaced: true, secretPayload: true },
  { label: 'TokenReviews', verbs: ['create'], group: 'authentication.k8s.io', resource: 'tokenreviews', namespaced: false, secretPayload: true },
  { label: 'Pod changes', verbs: WRITE, group: '', resource: 'pods', namespaced: true },
  { label: 'Deployment changes', verbs: WRITE, group: 'apps', resource: 'deployments', namespaced: true },
  { label: 'pods/exec', verbs: CONNECT, group: '', resource: 'pods', subresource: 'exec', namespaced: true, longRunning: true },
  { label: 'pods/attach', verbs: CONNECT, group: '', resource: 'pods', subresource: 'attach', namespaced: true, longRunning: true },
  { label: 'pods/portforward', verbs: CONNECT, group: '', resource: 'pods', subresource: 'portforward', namespaced: true, longRunning: true },
  { label: 'pods/proxy', verbs: ['get', 'create'], group: '', resource: 'pods', subresource: 'proxy', namespaced: true },
  { label: 'services/proxy', verbs: ['get', 'create'], group: '', resource: 'services', subresource: 'proxy', namespaced: true },
  { label: 'Role/RoleBinding changes', verbs: WRITE, group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespaced: true },
  { label: 'Role changes', verbs: WRITE, group: 'rbac.authorization.k8s.io', resource: 'roles', namespaced: true },
  { label: 'ClusterRole changes', verbs: WRITE, group: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespaced: false },
  { label: 'ClusterRoleBinding changes', verbs: WRITE, group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', namespaced: false },
  { label: 'serviceaccounts/token', verbs: ['create'], group: '', resource: 'serviceaccounts', subresource: 'token', namespaced: true, secretPayload: true },
  { label: 'CSR approvals', verbs: ['update', 'patch'], group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'approval', namespaced: false },
  { label: 'Validating webhook changes', verbs: WRITE, group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations', namespaced: false },
  { label: 'Mutating webhook changes', verbs: WRITE, group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', namespaced: false },
  { label: 'Namespace changes (PSA labels)', verbs: ['update', 'patch', 'delete'], group: '', resource: 'namespaces', namespaced: false, nameIsNamespace: true },
  { label: 'NetworkPolicy changes', verbs: WRITE, group: 'networking.k8s.io', resource: 'networkpolicies', namespaced: true },
];

export function humanUser(): AuditUser {
  return { name: 'jane.doe@example.org', groups: ['system:authenticated'] };
}

export function workloadUser(ns: string): AuditUser {
  return { name: `system:serviceaccount:${ns}:default`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] };
}

export function requestsOf(cls: AuditEventClass, namespaces: readonly string[], users: (ns: string) => readonly AuditUser[]): AuditRequest[] {
  const out: AuditRequest[] = [];
  const nsList = cls.namespaced || cls.nameIsNamespace ? namespaces : [''];
  for (const ns of nsList) {
    for (const user of users(ns === '' ? 'default' : ns)) {
      for (const verb of cls.verbs) {
        out.push({
          user, verb, group: cls.group, resource: cls.resource,
          ...(cls.subresource ? { subresource: cls.subresource } : {}),
          namespace: cls.namespaced ? ns : '',
          name: cls.nameIsNamespace ? ns : `phiguard-probe`,
        });
      }
    }
  }
  return out;
}

/** Whether omitted stages leave a long-running request invisible while it runs, or without its outcome. */
export function connectBlindness(omit: ReadonlySet<string>): string | undefined {
  const seesStart = !omit.has('RequestReceived') || !omit.has('ResponseStarted');
  const seesOutcome = !omit.has('ResponseStarted') || !omit.has('ResponseComplete');
  if (!seesStart && !seesOutcome) return 'every stage is omitted';
  if (!seesStart) return 'RequestReceived and ResponseStarted are omitted, so a session is logged only when it ends (ResponseComplete), and a live session is invisible';
  if (!seesOutcome) return 'ResponseStarted and ResponseComplete are omitted, so the log never shows whether the session was allowed';
  return undefined;
}

/** The rule that logs everything not matched before it, if the policy ends with one. */
export function isCatchAll(rule: AuditRule): boolean {
  return rule.users.length + rule.userGroups.length + rule.verbs.length + rule.resources.length +
    rule.namespaces.length + rule.nonResourceURLs.length === 0;
}

/** Groups that stand for people rather than components. */
export function isHumanGroup(g: string): boolean {
  return g === 'system:authenticated' || g === 'system:unauthenticated' || !g.startsWith('system:');
}

export function isHumanUser(u: string): boolean {
  return !u.startsWith('system:');
}
