import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.js';

/**
 * A finding's identity across runs: control, resource and field, never the line (an edit above it moves the line).
 * The message is part of it: one field can fail a control in two ways. Used as SARIF partialFingerprints and to compare a scan with its baseline.
 */
export function findingFingerprint(f: Finding): string {
  const r = f.resource;
  const key = [f.control, r ? `${r.kind}/${r.namespace ?? ''}/${r.name}` : `file:${f.location?.file ?? ''}`, f.path, f.message].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
