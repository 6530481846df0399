import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildExposureModel } from '../analysis/exposure/model.js';
import { buildFlowMap } from '../analysis/exposure/flow-map.js';
import { buildMeshModel } from '../analysis/exposure/mesh.js';
import { buildNetworkModel } from '../analysis/network/model.js';
import { standingHumanAccess } from '../analysis/rbac/jit-access.js';
import { buildRbacModel } from '../analysis/rbac/model.js';
import { createDetector } from '../audit/detect/detector.js';
import { DEFAULT_DETECT_OPTIONS } from '../audit/detect/options.js';
import { parseLeaf, viewOf } from '../audit/event.js';
import { createReview } from '../audit/review.js';
import { isPostgresSpec, openStore } from '../audit/store/open.js';
import type { ScanConfig } from '../core/config.js';
import type { EvaluationResult } from '../core/engine.js';
import type { Finding } from '../core/finding.js';
import { buildInventory } from '../core/inventory.js';
import type { KubeResource } from '../core/resource.js';
import { collectEvidence } from '../report/evidence.js';
import type { AuditSummary, InputDigest, ReportContext } from '../report/report.js';
import type { TextInput } from '../sources/inputs.js';
import { parseInputs } from '../sources/inputs.js';
import { sha256 } from './bundle-files.js';
import { UsageError } from './command.js';

/** The period of the access review in the report, the same default as `phiguard audit review`. */
const REVIEW_DAYS = 7;

/** SHA-256 of each input's bytes on disk (standard input: of the text read). */
export async function digestInputs(inputs: readonly TextInput[], cwd: string): Promise<InputDigest[]> {
  return Promise.all(inputs.map(async (i) => {
    const bytes = await readFile(path.resolve(cwd, i.file)).catch(() => Buffer.from(i.text));
    return { file: i.file, bytes: bytes.length, sha256: sha256(bytes) };
  }));
}

/** A store's location fit for a report: a PostgreSQL URL loses its password. */
export function shownStore(spec: string): string {
  return spec.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

/** Fails before the scan, not after it, when the store named is not there. */
export function assertAuditStore(spec: string, cwd: string): void {
  if (!isPostgresSpec(spec) && !existsSync(path.resolve(cwd, spec))) throw new UsageError(`--audit-store ${spec}: no such audit store (create one with phiguard audit import)`);
}

/** The latest access review (the week up to the scan's clock) and detections over the whole trail, PHI scope as the scan found it. */
export async function auditSummary(spec: string, cwd: string, result: EvaluationResult, now: string): Promise<AuditSummary> {
  assertAuditStore(spec, cwd);
  const location = isPostgresSpec(spec) ? spec : path.resolve(cwd, spec);
  const phi = new Set(result.scope.namespaces.filter((n) => n.level === 'phi').map((n) => n.name));
  const isPhi = result.scope.undeclared ? (): boolean => true : (ns: string): boolean => (ns === '' ? phi.size > 0 : phi.has(ns));
  const until = Date.parse(now);
  const review = createReview({ since: until - REVIEW_DAYS * 86_400_000, until, isPhi, breakGlassGroups: DEFAULT_DETECT_OPTIONS.breakGlassGroups, breakGlassUsers: [] });
  const detector = createDetector({ ...DEFAULT_DETECT_OPTIONS, isPhi });
  const findings: Finding[] = [];
  let entries = 0;
  let store;
  try {
    store = await openStore(location);
  } catch (e) {
    throw new UsageError(`--audit-store ${shownStore(spec)}: ${(e as Error).message}`);
  }
  try {
    for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER)) {
      for (const r of rows) {
        const leaf = parseLeaf(r.leaf);
        const v = viewOf(leaf.event, r.seq, leaf.cluster ?? '');
        review.add(v);
        for (const f of detector.observe(v)) findings.push(f);
        entries++;
      }
    }
  } finally {
    await store.close();
  }
  const done = detector.finish();
  for (const f of done.findings) findings.push(f);
  return { store: shownStore(spec), entries, review: review.report(), detections: { findings, controls: done.controls } };
}

/** Everything the HTML evidence report shows beyond the evaluation: input digests, source evidence, the PHI flow map, the audit trail. */
export async function buildReportContext(
  inputs: readonly TextInput[], cwd: string, result: EvaluationResult, config: ScanConfig, auditStore?: string, resources?: readonly KubeResource[],
): Promise<ReportContext> {
  const digests = await digestInputs(inputs, cwd);
  const evidence = collectEvidence(new Map(inputs.map((i) => [i.file, i.text])), result.findings);
  const inventory = buildInventory(resources ?? parseInputs(inputs).resources, config);
  const network = buildNetworkModel(inventory);
  const mesh = buildMeshModel(inventory);
  const flowMap = buildFlowMap(inventory, network, buildExposureModel(inventory, network, mesh), mesh);
  const now = config.now ?? new Date().toISOString();
  const standing = standingHumanAccess(buildRbacModel(inventory), inventory, Date.parse(now));
  const audit = auditStore !== undefined ? await auditSummary(auditStore, cwd, result, now) : undefined;
  return { inputs: digests, evidence, flowMap, standingHumanAccess: standing, ...(audit ? { audit } : {}) };
}
