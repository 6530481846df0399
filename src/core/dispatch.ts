import type { InputError } from './finding.js';
import type { ContainerNode, Inventory, PodSpecNode } from './inventory.js';
import { containersOf } from './inventory.js';
import type { KubeResource } from './resource.js';
import { describeRef } from './resource.js';
import type { Visitors } from './rule.js';
import type { RuleState } from './rule-state.js';

/**
 * Hands every resource, pod spec and container to the rules that visit it, then runs each rule's `end`. A rule that
 * throws is recorded in `errors` and its state, and the others go on.
 */
export function dispatch(states: readonly RuleState[], inventory: Inventory, errors: InputError[]): void {
  const failed = (state: RuleState, r: KubeResource | undefined, e: unknown): void => {
    const where = r ? ` on ${describeRef(r.ref)}` : '';
    errors.push({ file: r?.origin.file ?? '', line: r?.origin.line ?? 0, column: 0, message: `rule ${state.control.id} failed${where}: ${(e as Error).message}` });
    state.failed ??= `the rule failed${where}: ${(e as Error).message}`;
  };
  // Each dispatch loop catches per call, without allocating a closure per (rule, node) pair.
  const visitAll = <N>(list: readonly RuleState[], node: N, owner: KubeResource, visit: (v: Visitors, n: N) => void,
    judged?: (s: RuleState, n: N) => boolean): void => {
    for (const s of list) {
      s.visited = true;
      try {
        if (s.rule.meta.marksEvaluated !== true || judged?.(s, node) === true) s.evaluated = true;
        visit(s.visitors, node);
      } catch (e) {
        failed(s, owner, e);
      }
    }
  };

  const byKind = new Map<string, RuleState[]>();
  const everyResource: RuleState[] = [];
  for (const s of states) {
    if (!s.visitors.resource) continue;
    if (!s.rule.meta.kinds) everyResource.push(s);
    else for (const k of s.rule.meta.kinds) {
      let list = byKind.get(k);
      if (!list) byKind.set(k, (list = []));
      list.push(s);
    }
  }
  const visitResource = (v: Visitors, r: KubeResource): void => v.resource?.(r);
  const judgesResource = (s: RuleState, r: KubeResource): boolean => s.rule.evaluatesResource?.(r, s.context) === true;
  const visitPod = (v: Visitors, p: PodSpecNode): void => v.podSpec?.(p);
  const visitContainer = (v: Visitors, c: ContainerNode): void => v.container?.(c);
  for (const r of inventory.resources) {
    const forKind = byKind.get(r.ref.kind);
    if (forKind) visitAll(forKind, r, r, visitResource, judgesResource);
    if (everyResource.length > 0) visitAll(everyResource, r, r, visitResource, judgesResource);
  }
  const podVisitors = states.filter((s) => s.visitors.podSpec);
  const containerVisitors = states.filter((s) => s.visitors.container);
  if (podVisitors.length + containerVisitors.length > 0) {
    for (const pod of inventory.podSpecs) {
      visitAll(podVisitors, pod, pod.resource, visitPod);
      if (containerVisitors.length === 0) continue;
      for (const c of containersOf(pod)) visitAll(containerVisitors, c, pod.resource, visitContainer);
    }
  }
  for (const s of states) {
    if (!s.visitors.end) continue;
    try {
      // The rule's declared input decides whether it was evaluated; without that input `end` has nothing to judge.
      if (s.rule.evaluates) {
        if (!s.rule.evaluates(s.context)) continue;
        s.evaluated = true;
      }
      s.visitors.end();
    } catch (e) {
      failed(s, undefined, e);
    }
  }
}
