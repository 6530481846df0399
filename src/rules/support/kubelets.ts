import type { RuleContext } from '../../core/rule.js';
import type { Kubelet } from '../../controlplane/model.js';
import { controlPlaneOf } from '../../controlplane/model.js';

/** The kubelets of the scan; a --config file that was not given leaves the rule not evaluated for that node. */
export function kubeletsFor(context: RuleContext): readonly Kubelet[] {
  const all = controlPlaneOf(context).kubelets;
  const usable: Kubelet[] = [];
  for (const k of all) {
    if (k.missingConfig !== undefined && !k.config) {
      context.notEvaluated?.(`not evaluated: the kubelet flags name --config=${k.missingConfig}, which was not given; give ${k.missingConfig}`);
      continue;
    }
    usable.push(k);
  }
  if (usable.length > 0) context.markEvaluated();
  return usable;
}
