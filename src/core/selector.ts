import { asArray, asObject, asString, stringMap } from './resource.js';

/**
 * Kubernetes label-selector matching (metav1.LabelSelector): every matchLabels pair and every matchExpressions
 * requirement must hold. An empty selector ({}) matches everything; a missing selector is the caller's decision.
 * An unknown operator or a malformed requirement matches nothing, as the API server would reject it.
 */
export function matchesSelector(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const sel = asObject(selector);
  if (!sel) return false;
  const matchLabels = stringMap(sel['matchLabels']);
  for (const k in matchLabels) if (labels[k] !== matchLabels[k]) return false;
  for (const raw of asArray(sel['matchExpressions'])) {
    const req = asObject(raw);
    const key = asString(req?.['key']);
    const op = asString(req?.['operator']);
    if (!req || key === undefined || op === undefined) return false;
    const values = asArray(req['values']).map((v) => String(v));
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (op) {
      case 'In': if (!has || !values.includes(labels[key] ?? '')) return false; break;
      case 'NotIn': if (has && values.includes(labels[key] ?? '')) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** True for a selector that selects everything: {} or one with no requirements. */
export function isEmptySelector(selector: unknown): boolean {
  const sel = asObject(selector);
  if (!sel) return false;
  return Object.keys(stringMap(sel['matchLabels'])).length === 0 && asArray(sel['matchExpressions']).length === 0;
}
