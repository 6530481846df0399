import { controlById } from '../catalog/index.js';
import type { AdmissionMode, ScanConfig } from '../core/config.js';
import { evaluateObject } from '../core/evaluate-object.js';
import type { Finding, WaivedFinding } from '../core/finding.js';
import type { JsonObject, KubeResource } from '../core/resource.js';
import { asObject, asString, isObject } from '../core/resource.js';
import type { Rule } from '../core/rule.js';
import type { ScopeLevel } from '../core/scope.js';
import { atLeast } from '../catalog/severity.js';
import { WEBHOOK_RULES } from './rules.js';

export const MODES: readonly AdmissionMode[] = ['enforce', 'warn', 'audit'];
export type Mode = AdmissionMode;

export interface WebhookPolicy {
  /** Mode for PHI-scoped objects. */
  readonly phiMode: Mode;
  /** Mode for everything else. */
  readonly defaultMode: Mode;
  /** Mode by namespace name; wins over scope. */
  readonly namespaceModes: Readonly<Record<string, Mode>>;
  /** On UPDATE, also block findings the old object already had. */
  readonly blockExisting: boolean;
}

export const DEFAULT_POLICY: WebhookPolicy = { phiMode: 'enforce', defaultMode: 'warn', namespaceModes: {}, blockExisting: false };

export interface DecisionInput {
  readonly operation: string;
  readonly object: JsonObject;
  readonly oldObject?: JsonObject;
  /** The request's namespace (AdmissionRequest.namespace). */
  readonly namespace?: string;
  /** Labels of that namespace when known (API lookup); undefined leaves scope to config. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  readonly config: ScanConfig;
  readonly policy: WebhookPolicy;
  /** The rules to judge with (default: the webhook's set); tests hand in others. */
  readonly rules?: readonly Rule[];
}

export type Outcome = 'allow' | 'deny' | 'warn' | 'audit';

export interface Decision {
  readonly allowed: boolean;
  readonly outcome: Outcome;
  readonly mode: Mode;
  readonly scope: ScopeLevel;
  /** Findings at or above failOn that are new with this request. */
  readonly blocking: readonly Finding[];
  /** Findings reported without blocking: below failOn, or already on oldObject. */
  readonly advisory: readonly Finding[];
  readonly waived: readonly WaivedFinding[];
  /** Denial message naming each control, citation and field; empty when allowed. */
  readonly message: string;
  /** Kubernetes warnings, one line each, at most 120 characters, control id first. */
  readonly warnings: readonly string[];
  /** Rules that failed on this object: what they would have checked was not checked. */
  readonly failures: readonly string[];
}

export const WARNING_MAX = 120;
const MESSAGE_MAX = 4000;

function resourceOf(object: JsonObject, namespace: string | undefined, config: ScanConfig): KubeResource {
  const meta = asObject(object['metadata']) ?? {};
  const kind = asString(object['kind']) ?? '';
  const ns = asString(meta['namespace']) ?? namespace;
  const name = asString(meta['name']) ?? asString(meta['generateName']) ?? '';
  const ref = kind === 'Namespace' || ns === undefined ? { apiVersion: asString(object['apiVersion']) ?? '', kind, name }
    : { apiVersion: asString(object['apiVersion']) ?? '', kind, name, namespace: ns || config.defaultNamespace };
  return { ref, object, origin: { file: 'admission', doc: 0, line: 1, pointer: '' } };
}

function namespaceResource(name: string, labels: Readonly<Record<string, string>>): KubeResource {
  const object: JsonObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...labels } } };
  return { ref: { apiVersion: 'v1', kind: 'Namespace', name }, object, origin: { file: 'admission', doc: 1, line: 1, pointer: '' } };
}

interface ObjectFindings { readonly findings: Finding[]; readonly waived: WaivedFinding[]; readonly scope: ScopeLevel; readonly failures: string[] }

/** The object and what the webhook knows of its namespace: the input `scan` would judge it in. */
export function admissionResources(object: JsonObject, input: Pick<DecisionInput, 'namespace' | 'namespaceLabels' | 'config'>): { target: KubeResource; alongside: KubeResource[] } {
  const target = resourceOf(object, input.namespace, input.config);
  const ns = target.ref.namespace;
  return { target, alongside: ns !== undefined && input.namespaceLabels !== undefined ? [namespaceResource(ns, input.namespaceLabels)] : [] };
}

/** Whether a finding is on the admitted object (not on the namespace read alongside it). */
export function onTarget(target: KubeResource): (f: Finding) => boolean {
  return (f) => f.resource !== undefined && f.resource.kind === target.ref.kind && f.resource.name === target.ref.name &&
    f.resource.namespace === target.ref.namespace;
}

/** A grouped finding and those folded into it, each as a finding of its own: admission judges every control on the object. */
export function unfold(f: Finding): Finding[] {
  if (!f.related || f.related.length === 0) return [f];
  const { related, ...own } = f;
  return [own, ...related.map((r): Finding => {
    const control = controlById(r.control);
    const { resource: _r, location: _l, api: _a, advisory: _v, fix: _f, ...rest } = own;
    return {
      ...rest, control: r.control, severity: r.severity, message: r.message, path: r.path,
      title: control?.title ?? own.title, hipaa: control?.hipaa ?? own.hipaa, remediation: control?.remediation ?? own.remediation,
      ...(r.resource ? { resource: r.resource } : {}), ...(r.location ? { location: r.location } : {}), ...(r.api ? { api: r.api } : {}),
      ...(r.advisory === true ? { advisory: true as const } : {}),
    };
  })];
}

function findingsFor(object: JsonObject, input: DecisionInput): ObjectFindings {
  const { target, alongside } = admissionResources(object, input);
  const result = evaluateObject(target, alongside, input.rules ?? WEBHOOK_RULES, input.config);
  const same = onTarget(target);
  // A finding on the object can sit folded under one on its Namespace (same root cause): unfold before choosing.
  return { findings: result.findings.flatMap(unfold).filter(same), waived: result.waived.filter(same), scope: result.scope.level,
    failures: result.errors.map((e) => e.message) };
}

/** Whether the text holds a control character (\p{Cc}: U+0000–U+001F, U+007F–U+009F). */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

function clip(s: string, max: number): string {
  // Control characters would break a header line; the API server drops warnings that carry them.
  // The scan first: a unicode-property replace on every warning line cost more than the rest of building it.
  const flat = hasControl(s) ? s.replace(/\p{Cc}+/gu, ' ') : s;
  return flat.length <= max ? flat : flat.slice(0, max - 1) + '…';
}

/** One warning line: control id first, then field and message, cut at 120 characters. */
export function warningLine(f: Finding): string {
  return clip(`${f.control} ${f.path || '/'}: ${f.message}`, WARNING_MAX);
}

function denialMessage(kind: string, name: string, blocking: readonly Finding[]): string {
  const parts = blocking.map((f) => {
    const cites = (controlById(f.control)?.hipaa ?? f.hipaa).join(', ');
    return `${f.control} [${cites}] at ${f.path || '/'}: ${f.message}`;
  });
  return clip(`phiguard denied ${kind} ${name}: ${parts.join('; ')}`, MESSAGE_MAX);
}

function modeOf(input: DecisionInput, scope: ScopeLevel, namespace: string | undefined): Mode {
  const byName = namespace !== undefined ? input.policy.namespaceModes[namespace] : undefined;
  return byName ?? (scope === 'phi' ? input.policy.phiMode : input.policy.defaultMode);
}

const findingKey = (f: Finding): string => `${f.control}|${f.path}`;

/** Decides one admission request with the scan engine's rules and waivers. Pure: no I/O, no clock beyond config.now. */
export function decide(input: DecisionInput): Decision {
  const now = findingsFor(input.object, input);
  const ns = asString(asObject(input.object['metadata'])?.['namespace']) ?? input.namespace;
  const mode = modeOf(input, now.scope, ns);
  let existing = new Set<string>();
  if (input.operation === 'UPDATE' && !input.policy.blockExisting && input.oldObject !== undefined && isObject(input.oldObject)) {
    existing = new Set(findingsFor(input.oldObject, input).findings.map(findingKey));
  }
  const blocking: Finding[] = [];
  const advisory: Finding[] = [];
  for (const f of now.findings) {
    if (atLeast(f.severity, input.config.failOn) && !existing.has(findingKey(f))) blocking.push(f);
    else advisory.push(f);
  }
  const kind = asString(input.object['kind']) ?? 'object';
  const name = (ns ? `${ns}/` : '') + (asString(asObject(input.object['metadata'])?.['name']) ?? '');
  const failures = now.failures;
  const failed = failures.map((f) => clip(`phiguard could not check: ${f}`, WARNING_MAX));
  const warnings = [...failed, ...blocking.map(warningLine), ...advisory.map(warningLine)];
  // A control that could not be checked is not a pass: enforce fails closed, as failurePolicy Fail would.
  if (mode === 'enforce' && (blocking.length > 0 || failures.length > 0)) {
    const message = blocking.length > 0 ? denialMessage(kind, name, blocking) : clip(`phiguard denied ${kind} ${name}: ${failures.join('; ')}`, MESSAGE_MAX);
    return { allowed: false, outcome: 'deny', mode, scope: now.scope, blocking, advisory, waived: now.waived,
      message, warnings: [...failed, ...advisory.map(warningLine)], failures };
  }
  const outcome: Outcome = blocking.length === 0 && advisory.length === 0 && failures.length === 0 ? 'allow' : mode === 'audit' ? 'audit' : 'warn';
  return { allowed: true, outcome, mode, scope: now.scope, blocking, advisory, waived: now.waived, message: '',
    warnings: mode === 'audit' ? [] : warnings, failures };
}
