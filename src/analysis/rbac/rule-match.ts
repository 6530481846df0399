import type { JsonValue } from '../../core/resource.js';
import { asArray, asObject } from '../../core/resource.js';

/** One PolicyRule of a Role or ClusterRole (rbac.authorization.k8s.io/v1). */
export interface RbacRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** A resource request as the RBAC authorizer sees it. */
export interface AccessRequest {
  readonly verb: string;
  readonly group: string;
  /** Plural resource, e.g. pods. */
  readonly resource: string;
  readonly subresource?: string;
  /** Object name, when the question is about one object. */
  readonly name?: string;
}

/** 'all': the rule allows the request for every object; 'names': only for the listed resourceNames; false: not at all. */
export type RuleMatch = 'all' | 'names' | false;

function strings(v: JsonValue | undefined): string[] {
  return asArray(v).filter((x): x is string => typeof x === 'string');
}

export function parseRule(v: JsonValue | undefined): RbacRule | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  return {
    verbs: strings(o['verbs']),
    apiGroups: strings(o['apiGroups']),
    resources: strings(o['resources']),
    resourceNames: strings(o['resourceNames']),
    nonResourceURLs: strings(o['nonResourceURLs']),
  };
}

export function verbMatches(rule: RbacRule, verb: string): boolean {
  return rule.verbs.includes('*') || rule.verbs.includes(verb);
}

export function groupMatches(rule: RbacRule, group: string): boolean {
  return rule.apiGroups.includes('*') || rule.apiGroups.includes(group);
}

// Same as the RBAC authorizer's ResourceMatches: "*", the exact resource[/subresource], or "*/subresource".
export function resourceMatches(rule: RbacRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

export function ruleAllows(rule: RbacRule, req: AccessRequest): RuleMatch {
  if (!verbMatches(rule, req.verb) || !groupMatches(rule, req.group) || !resourceMatches(rule, req.resource, req.subresource)) return false;
  if (rule.resourceNames.length === 0) return 'all';
  // A name-restricted rule can never allow create, list, watch or deletecollection, which carry no object name.
  if (['create', 'list', 'watch', 'deletecollection'].includes(req.verb)) return false;
  if (req.name !== undefined) return rule.resourceNames.includes(req.name) ? 'all' : false;
  return 'names';
}

export function isFullWildcard(rule: RbacRule): boolean {
  return rule.apiGroups.includes('*') && rule.resources.includes('*') && rule.verbs.includes('*');
}

const ALL_CRUD = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** Wildcard groups and resources with all verbs, or with every CRUD verb spelled out (as Polaris treats it). */
export function isAdminEquivalent(rule: RbacRule): boolean {
  if (!rule.apiGroups.includes('*') || !rule.resources.includes('*') || rule.resourceNames.length > 0) return false;
  return rule.verbs.includes('*') || ALL_CRUD.every((v) => rule.verbs.includes(v));
}

export function describeRule(rule: RbacRule): string {
  const g = rule.apiGroups.map((x) => (x === '' ? 'core' : x)).join(',');
  const names = rule.resourceNames.length ? ` names=[${rule.resourceNames.join(',')}]` : '';
  if (rule.nonResourceURLs.length && rule.resources.length === 0) return `verbs=[${rule.verbs.join(',')}] nonResourceURLs=[${rule.nonResourceURLs.join(',')}]`;
  return `verbs=[${rule.verbs.join(',')}] resources=[${rule.resources.join(',')}] apiGroups=[${g}]${names}`;
}
