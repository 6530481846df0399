import type { ScanConfig } from './config.js';
import type { CompiledMessages } from './messages.js';
import { compileMessages } from './messages.js';
import type { Fix } from './finding.js';
import type { ContainerNode, Inventory, PodSpecNode } from './inventory.js';
import type { KubeResource } from './resource.js';
import type { Severity } from '../catalog/severity.js';
import type { ScopeDecision } from './scope.js';

/** `MessageIds` are the keys of the rule's messages: a report naming another id does not compile. */
export interface RuleMeta<MessageIds extends string = string> {
  /** The catalog id: stable and public, used in waivers, SARIF and docs. */
  readonly id: string;
  readonly slug: string;
  /** messageId → template; {{key}} is replaced from the report's data. */
  readonly messages: Readonly<Record<MessageIds, string>>;
  /** Kinds whose resources are handed to `resource`; absent means every resource. */
  readonly kinds?: readonly string[];
  /** The input that evaluates this rule, said when it could not be evaluated. */
  readonly needs: string;
  /**
   * The rule says itself what it judged (a report, `evaluates`, `evaluatesResource` or markEvaluated); being handed a resource does not
   * count, so a rule that saw only objects it does not apply to ends not-applicable rather than pass.
   */
  readonly marksEvaluated?: boolean;
  /**
   * For a rule that judges in `end` only: the kinds its model reads. Judging one object of other kinds (admission)
   * skips the rule rather than build that cluster-wide model for nothing.
   */
  readonly reads?: readonly string[];
}

export interface Report<MessageIds extends string = string> {
  readonly resource?: KubeResource;
  /** JSON pointer of the offending field inside the resource ('' for the resource itself). */
  readonly path: string;
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Overrides the catalog severity for this finding (as it applies in PHI scope). */
  readonly severity?: Severity;
  /** Overrides the resource's scope, e.g. a cluster-wide grant that reaches PHI namespaces. */
  readonly phi?: boolean;
  readonly fix?: Fix;
  /** A more specific remediation than the catalog's. */
  readonly remediation?: string;
  /**
   * The root cause this finding shares with others, of this control or another (a binding, a missing policy or label):
   * findings with one cause are reported as one, under the most severe, with the rest listed as related.
   */
  readonly cause?: string;
  /** Hygiene beyond the control's requirement: reported, but it does not fail the control. */
  readonly advisory?: boolean;
}

/** Lazily built, shared cross-resource models (RBAC, network, exposure, control plane). */
export type ModelRegistry = {
  get<T>(key: string, build: () => T): T;
};

export interface RuleContext<MessageIds extends string = string> {
  readonly inventory: Inventory;
  readonly config: ScanConfig;
  readonly models: ModelRegistry;
  report(r: Report<MessageIds>): void;
  /** Say that the rule had its input and checked it, for rules that act only in `end`. */
  markEvaluated(): void;
  /** Say that the control does not apply here (e.g. provider-managed), with the reason. */
  notApplicable(reason: string): void;
  /** Say that an input the rule needs is missing (e.g. a file a flag names), with what to give; a finding still wins. */
  notEvaluated?(reason: string): void;
  scopeOf(r: KubeResource): ScopeDecision;
  isPhi(r: KubeResource): boolean;
}

export interface Visitors {
  resource?(r: KubeResource): void;
  podSpec?(p: PodSpecNode): void;
  container?(c: ContainerNode): void;
  /** Once, after every resource was visited. */
  end?(): void;
}

/** A rule as written: `defineRule` infers `MessageIds` from `meta.messages`, so `context.report` takes only those. */
export interface RuleDefinition<MessageIds extends string> {
  readonly meta: RuleMeta<MessageIds>;
  /**
   * Whether the input holds what the rule judges in `end` (e.g. any RBAC binding): when it does, the engine counts
   * the rule as evaluated and runs `end`; when it does not, `end` is skipped and the rule stays not-evaluated.
   */
  readonly evaluates?: (context: RuleContext<MessageIds>) => boolean;
  /** For a rule that `marksEvaluated`: a resource handed to `resource` that holds this counts the rule as evaluated. */
  readonly evaluatesResource?: (r: KubeResource, context: RuleContext<MessageIds>) => boolean;
  create(context: RuleContext<MessageIds>): Visitors;
}

export interface Rule {
  readonly meta: RuleMeta;
  readonly evaluates?: (context: RuleContext) => boolean;
  readonly evaluatesResource?: (r: KubeResource, context: RuleContext) => boolean;
  /** The message templates, compiled once when the rule is defined rather than on every run. */
  readonly compiled: CompiledMessages;
  create(context: RuleContext): Visitors;
}

export function defineRule<MessageIds extends string>(rule: RuleDefinition<MessageIds>): Rule {
  // Widening to string ids is safe here: the engine hands each rule a context for its own rule only.
  return { ...(rule as unknown as Omit<Rule, 'compiled'>), compiled: compileMessages(rule.meta.messages) };
}
