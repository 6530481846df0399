import type { Control, Safeguard } from './control.js';
import { CONTROLS } from './controls.js';

export type { Control, EvaluationPlace, Safeguard, ScopeLetter } from './control.js';
export { CONTROLS } from './controls.js';

const BY_ID: ReadonlyMap<string, Control> = new Map(CONTROLS.map((c) => [c.id, c]));

export function controlById(id: string): Control | undefined {
  return BY_ID.get(id);
}

export function requireControl(id: string): Control {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`unknown control id ${id}`);
  return c;
}

/** Control-plane, node, audit and provider controls keep their severity outside PHI scope. */
export function isClusterWide(c: Control): boolean {
  return !c.scope.includes('M');
}

export const SAFEGUARD_TITLES: Readonly<Record<Safeguard, string>> = {
  'access-control': 'Access control — 164.312(a)',
  'audit-controls': 'Audit controls — 164.312(b)',
  integrity: 'Integrity — 164.312(c)',
  authentication: 'Person or entity authentication — 164.312(d)',
  'transmission-security': 'Transmission security — 164.312(e)',
  'encryption-at-rest': 'Encryption at rest — 164.312(a)(2)(iv)',
  contingency: 'Contingency and backup — 164.308(a)(7), 164.310(d)(2)(iv)',
  administrative: 'Administrative safeguards — 164.308, 164.316',
};

/** The safeguard a control is reported under, from its first citation. */
export function safeguardOf(c: Control): Safeguard {
  const first = c.hipaa[0] ?? '';
  if (first.startsWith('164.312(a)(2)(iv)')) return 'encryption-at-rest';
  if (first.startsWith('164.312(a)')) return 'access-control';
  if (first.startsWith('164.312(b)')) return 'audit-controls';
  if (first.startsWith('164.312(c)')) return 'integrity';
  if (first.startsWith('164.312(d)')) return 'authentication';
  if (first.startsWith('164.312(e)')) return 'transmission-security';
  if (first.startsWith('164.308(a)(7)') || first.startsWith('164.310(d)')) return 'contingency';
  return 'administrative';
}

export const SAFEGUARD_ORDER: readonly Safeguard[] = [
  'access-control', 'audit-controls', 'integrity', 'authentication', 'transmission-security',
  'encryption-at-rest', 'contingency', 'administrative',
];
