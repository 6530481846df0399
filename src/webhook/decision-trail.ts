import { canonicalize } from '../audit/canonical-json.js';
import type { IncomingEvent } from '../audit/event.js';
import type { DecisionRecord } from './server.js';

/** Stage under which decisions sit in the trail, apart from the API server's own events. */
export const DECISION_STAGE = 'phiguard.dev/AdmissionDecision';

/** A decision as a trail entry: keyed by its decision id, so the API server's audit annotation finds it. Holds no object content. */
export function decisionEvent(r: DecisionRecord): IncomingEvent {
  const event = {
    kind: 'AdmissionDecision', apiVersion: 'phiguard.dev/v1', auditID: r.id, stage: DECISION_STAGE, time: r.time,
    request: { uid: r.uid, operation: r.operation, kind: r.kind, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), name: r.name },
    outcome: r.outcome, mode: r.mode, controls: [...r.controls],
  };
  return { auditID: r.id, stage: DECISION_STAGE, canonical: canonicalize(event) };
}
