import type { Control } from '../catalog/index.js';
import type { Finding } from './finding.js';
import type { Report } from './rule.js';
import type { Severity } from '../catalog/severity.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The finding one report makes, keys in the documented order (JSON output and SARIF keep it): resource, then where
 * it is (`api` for a cluster read, `location` for a file), then path, remediation, fix and scope.
 */
export function buildFinding(control: Control, rep: Report, message: string, severity: Severity, phi: boolean): Finding {
  const f: Writable<Finding> = { control: control.id, title: control.title, severity, hipaa: control.hipaa, message } as Writable<Finding>;
  const r = rep.resource;
  if (r) {
    f.resource = r.ref;
    if (r.origin.api) f.api = r.origin.api;
    else f.location = { file: r.origin.file, line: r.origin.line, column: 1 };
  }
  f.path = rep.path;
  f.remediation = rep.remediation ?? control.remediation;
  if (rep.fix) f.fix = rep.fix;
  f.phi = phi;
  return f;
}
