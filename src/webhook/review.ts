import type { JsonObject } from '../core/resource.js';
import { asObject, asString, isObject } from '../core/resource.js';
import type { Decision } from './decision.js';

/** The parts of an AdmissionReview v1 request the webhook uses. */
export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: string;
  readonly operation: string;
  readonly namespace?: string;
  readonly object: JsonObject;
  readonly oldObject?: JsonObject;
  readonly dryRun: boolean;
  readonly userGroups: readonly string[];
}

export type ReviewParse = { readonly ok: true; readonly request: AdmissionRequest } | { readonly ok: false; readonly problem: string };

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** Validates a parsed body as an admission.k8s.io/v1 AdmissionReview; the problem never quotes the object. */
export function parseReview(body: unknown): ReviewParse {
  if (!isObject(body)) return { ok: false, problem: 'body is not a JSON object' };
  if (body['apiVersion'] !== 'admission.k8s.io/v1') return { ok: false, problem: 'apiVersion must be admission.k8s.io/v1' };
  if (body['kind'] !== 'AdmissionReview') return { ok: false, problem: 'kind must be AdmissionReview' };
  const req = asObject(body['request']);
  if (!req) return { ok: false, problem: 'request is missing or not an object' };
  const uid = asString(req['uid']);
  if (!uid || uid.length > 128) return { ok: false, problem: 'request.uid is missing or not a string of at most 128 characters' };
  const operation = asString(req['operation']);
  if (!operation || !OPERATIONS.has(operation)) return { ok: false, problem: 'request.operation must be CREATE, UPDATE, DELETE or CONNECT' };
  const kind = asString(asObject(req['kind'])?.['kind']) ?? '';
  const namespace = req['namespace'];
  if (namespace !== undefined && typeof namespace !== 'string') return { ok: false, problem: 'request.namespace is not a string' };
  const object = req['object'];
  if (object !== undefined && object !== null && !isObject(object)) return { ok: false, problem: 'request.object is not an object' };
  const oldObject = req['oldObject'];
  if (oldObject !== undefined && oldObject !== null && !isObject(oldObject)) return { ok: false, problem: 'request.oldObject is not an object' };
  const dryRun = req['dryRun'];
  if (dryRun !== undefined && typeof dryRun !== 'boolean') return { ok: false, problem: 'request.dryRun is not a boolean' };
  if (operation !== 'DELETE' && !isObject(object)) return { ok: false, problem: `request.object is required for ${operation}` };
  const groups = asObject(req['userInfo'])?.['groups'];
  const userGroups = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  return {
    ok: true,
    request: {
      uid, kind, operation, dryRun: dryRun === true, userGroups,
      object: isObject(object) ? object : {},
      ...(namespace !== undefined && namespace !== '' ? { namespace } : {}),
      ...(isObject(oldObject) ? { oldObject } : {}),
    },
  };
}

/** The AdmissionReview v1 response for a decision. */
export function reviewResponse(uid: string, decision: Decision, decisionId: string): JsonObject {
  const response: JsonObject = {
    uid,
    allowed: decision.allowed,
    auditAnnotations: {
      'decision-id': decisionId,
      outcome: decision.outcome,
      ...(decision.blocking.length + decision.advisory.length > 0
        ? { controls: [...new Set([...decision.blocking, ...decision.advisory].map((f) => f.control))].join(',') } : {}),
    },
  };
  if (!decision.allowed) response['status'] = { code: 403, reason: 'Forbidden', message: decision.message };
  if (decision.warnings.length > 0) response['warnings'] = [...decision.warnings];
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** An allow with no evaluation (DELETE, CONNECT, exempt users), still linked by its decision id. */
export function passResponse(uid: string, decisionId: string, outcome: string): JsonObject {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, allowed: true, auditAnnotations: { 'decision-id': decisionId, outcome } } };
}
