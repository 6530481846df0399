import type { ScanConfig } from '../core/config.js';
import type { Finding, FixOp } from '../core/finding.js';
import type { KubeResource, ResourceRef } from '../core/resource.js';
import { refKey } from '../core/resource.js';
import type { Rule } from '../core/rule.js';
import type { TextInput } from '../sources/inputs.js';
import { evaluateTexts } from '../scan/evaluate-texts.js';
import type { ParsedText } from '../sources/parse.js';
import { fixSafety, MANUAL_SUGGESTIONS } from './fix-safety.js';
import { editDocument } from './yaml-edit.js';

export interface AppliedFix {
  readonly file: string;
  readonly line: number;
  readonly control: string;
  readonly resource?: ResourceRef;
  readonly description: string;
}

export interface AppliedPatch extends AppliedFix {
  readonly patch: readonly FixOp[];
}

export interface FixSuggestion extends AppliedFix {
  /** Why fix does not apply it itself. */
  readonly why: string;
}

export interface FixFailure extends AppliedFix {
  readonly reason: string;
}

export interface RefusedFile {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface FixResult {
  /** Every input, with its text after the fixes (the same string when nothing changed). */
  readonly files: readonly { readonly file: string; readonly before: string; readonly after: string }[];
  readonly applied: readonly AppliedPatch[];
  readonly suggestions: readonly FixSuggestion[];
  readonly failed: readonly FixFailure[];
  readonly refused: readonly RefusedFile[];
  /** Findings with a fix `fix` would apply, before and after. */
  readonly fixableBefore: number;
  readonly fixableAfter: number;
}

export interface FixOptions {
  /** Only these controls' fixes (all when empty). */
  readonly controls?: ReadonlySet<string>;
  /** Called as each round of fixes starts, for a progress line. */
  readonly onRound?: (round: number, fixes: number) => void;
}

/** A Helm template (or any Go template) is not YAML until rendered: editing it could corrupt what renders. */
function templateLine(text: string): number | undefined {
  const at = text.search(/\{\{[\s\S]*?\}\}/);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

function isFixable(f: Finding, controls: ReadonlySet<string> | undefined): boolean {
  return f.fix !== undefined && f.fix.patch.length > 0 && (controls === undefined || controls.size === 0 || controls.has(f.control)) && fixSafety(f).safe;
}

function describeAt(f: Finding): AppliedFix {
  return { file: f.location?.file ?? '', line: f.location?.line ?? 0, control: f.control, ...(f.resource ? { resource: f.resource } : {}), description: f.fix?.description ?? f.remediation };
}

/** The resource a finding is about, in its file: by identity, and by the document holding the finding's line when a file repeats it. */
function resourceOf(f: Finding, resources: readonly KubeResource[], parsed: ParsedText | undefined): KubeResource | undefined {
  if (!f.resource || !f.location || !parsed) return undefined;
  const key = refKey(f.resource);
  const same = resources.filter((r) => r.origin.file === f.location?.file && refKey(r.ref) === key);
  if (same.length <= 1) return same[0];
  const line = f.location.line;
  return same.find((r) => {
    const d = parsed.docs[r.origin.doc];
    const next = parsed.docs[r.origin.doc + 1];
    return d !== undefined && line >= d.line && (next === undefined || line < next.line);
  }) ?? same[0];
}

interface PlannedEdit {
  readonly finding: Finding;
  readonly resource: KubeResource;
  readonly ops: readonly FixOp[];
  readonly key: string;
  /** The finding's identity whatever its patch, which can change from round to round. */
  readonly target: string;
}

/**
 * Applies the safe fixes of the rules' findings to the texts, in rounds (a fix can reveal or settle another finding)
 * until nothing more applies. Pure: texts in, texts out; the caller writes them.
 */
export function fixTexts(inputs: readonly TextInput[], rules: readonly Rule[], config: ScanConfig, options: FixOptions = {}): FixResult {
  const texts = new Map(inputs.map((i) => [i.file, i.text]));
  const refused: RefusedFile[] = [];
  const locked = new Set<string>();
  for (const i of inputs) {
    const t = templateLine(i.text);
    if (t !== undefined) {
      refused.push({ file: i.file, line: t, reason: 'a Helm template ({{ }}); fix the chart or its values and render it, the file is left untouched' });
      locked.add(i.file);
    } else if (i.file.endsWith('.json') || i.file === '<stdin>') {
      refused.push({ file: i.file, line: 1, reason: i.file === '<stdin>' ? 'standard input cannot be fixed in place' : 'JSON files are not rewritten; convert to YAML or apply the fix by hand' });
      locked.add(i.file);
    }
  }
  const applied: AppliedPatch[] = [];
  // An edit that fails can succeed in a later round, once an earlier fix has reshaped the node; only the last failure counts.
  const failed = new Map<string, FixFailure>();
  const attempted = new Set<string>();
  let fixableBefore = -1;
  let last = evaluateTexts(inputs, rules, config);
  for (let round = 0; round < 5; round++) {
    const fixable = last.findings.filter((f) => isFixable(f, options.controls));
    if (fixableBefore < 0) fixableBefore = fixable.filter((f) => !locked.has(f.location?.file ?? '')).length;
    const byFile = new Map<string, PlannedEdit[]>();
    for (const f of fixable) {
      const file = f.location?.file;
      if (file === undefined || locked.has(file) || !texts.has(file)) continue;
      const resource = resourceOf(f, last.parsed.resources, last.parsed.files.get(file));
      if (!resource || !f.fix) continue;
      const key = `${file}\0${refKey(resource.ref)}\0${resource.origin.doc}\0${JSON.stringify(f.fix.patch)}`;
      if (attempted.has(key)) continue;
      attempted.add(key);
      const list = byFile.get(file) ?? [];
      list.push({ finding: f, resource, ops: f.fix.patch, key, target: `${file}\0${refKey(resource.ref)}\0${resource.origin.doc}\0${f.control}\0${f.fix.description}` });
      byFile.set(file, list);
    }
    if (byFile.size === 0) break;
    options.onRound?.(round + 1, [...byFile.values()].reduce((n, l) => n + l.length, 0));
    for (const [file, edits] of byFile) {
      const parsed = last.parsed.files.get(file);
      let text = texts.get(file);
      if (!parsed || text === undefined) continue;
      // Later documents first, so the offsets of the earlier ones stay valid.
      const docs = [...new Set(edits.map((e) => e.resource.origin.doc))].sort((a, b) => b - a);
      for (const doc of docs) {
        const slice = parsed.docs[doc];
        if (!slice) continue;
        let body: string = text.slice(slice.start, slice.end);
        for (const e of edits.filter((x) => x.resource.origin.doc === doc)) {
          const r = editDocument(body, e.resource.origin.pointer, e.ops);
          if (r.ok) {
            body = r.text;
            applied.push({ ...describeAt(e.finding), patch: e.ops });
            failed.delete(e.target);
          } else {
            failed.set(e.target, { ...describeAt(e.finding), reason: r.reason });
            attempted.delete(e.key);
          }
        }
        text = text.slice(0, slice.start) + body + text.slice(slice.end);
      }
      texts.set(file, text);
    }
    last = evaluateTexts(inputs.map((i) => ({ file: i.file, text: texts.get(i.file) ?? i.text })), rules, config);
  }
  const suggestions: FixSuggestion[] = [];
  for (const f of last.findings) {
    if (options.controls && options.controls.size > 0 && !options.controls.has(f.control)) continue;
    const safety = fixSafety(f);
    if (f.fix && !safety.safe) suggestions.push({ ...describeAt(f), why: safety.why });
    const manual = MANUAL_SUGGESTIONS[f.control];
    if (!f.fix && manual) suggestions.push({ ...describeAt(f), description: manual.description, why: manual.why });
  }
  const fixableAfter = last.findings.filter((f) => isFixable(f, options.controls) && !locked.has(f.location?.file ?? '')).length;
  return {
    files: inputs.map((i) => ({ file: i.file, before: i.text, after: texts.get(i.file) ?? i.text })),
    applied, suggestions, failed: [...failed.values()], refused, fixableBefore: Math.max(0, fixableBefore), fixableAfter,
  };
}
