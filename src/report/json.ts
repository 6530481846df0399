import { SCHEMA_VERSION } from '../core/engine.js';
import type { Formatter } from './report.js';

/** The versioned JSON contract documented in docs/json-output.md. */
export const formatJson: Formatter = ({ tool, result }, { pretty }) =>
  JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      tool,
      findings: result.findings,
      waived: result.waived,
      errors: result.errors,
      controls: result.controls,
      scope: result.scope,
      waiverIssues: result.waiverIssues,
      summary: result.summary,
    },
    null,
    pretty === true ? 2 : undefined,
  ) + '\n';
