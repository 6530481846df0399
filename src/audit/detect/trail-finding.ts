import { requireControl } from '../../catalog/index.js';
import type { Finding } from '../../core/finding.js';
import type { AuditView } from '../event.js';
import { refOf } from './describe.js';

/** A finding of an HK-AL control, with the catalog's title, severity and citations. */
export function trailFinding(id: string, message: string, path: string, phi: boolean, v?: AuditView): Finding {
  const c = requireControl(id);
  const resource = v ? refOf(v) : undefined;
  return {
    control: id,
    title: c.title,
    severity: c.severity,
    hipaa: c.hipaa,
    message,
    ...(resource ? { resource } : {}),
    path,
    remediation: c.remediation,
    phi,
  };
}
