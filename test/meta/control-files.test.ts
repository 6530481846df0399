// ESLint's Makefile.js checkRuleFiles, for controls: each control id leads to its module, its test file and its docs page.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CONTROLS } from '../../src/catalog/index.js';
import type { Control } from '../../src/catalog/index.js';
import type { Rule } from '../../src/core/rule.js';
import { RULES } from '../../src/rules/index.js';
import { repoRoot } from '../support/corpus.js';

const ROOT = repoRoot();
const RULES_DIR = path.join(ROOT, 'src', 'rules');
/** Rule helpers (models, parsers, detectors) live here and define no rule. */
const SUPPORT = 'support';
/** One module per HK-AL detection, named by its id or slug (being split out of src/audit/detect/rules.ts). */
const DETECTIONS_DIR = path.join(ROOT, 'src', 'audit', 'detect', 'detections');

interface Module { readonly file: string; readonly id: string; readonly slug: string }

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p, ext) : n.endsWith(ext) ? [p] : [];
  });
}

const rel = (p: string): string => path.relative(ROOT, p).split(path.sep).join('/');
const stem = (p: string, ext: string): string => path.basename(p, ext);
const isRule = (x: unknown): x is Rule => typeof x === 'object' && x !== null && 'meta' in x && 'create' in x;

/** Every module under src/rules/<area>/ (index.ts aside) with the rule it exports, read from the compiled build. */
async function ruleModules(): Promise<{ rules: Module[]; strays: string[] }> {
  const rules: Module[] = [];
  const strays: string[] = [];
  for (const file of filesUnder(RULES_DIR, '.ts')) {
    const area = path.relative(RULES_DIR, file).split(path.sep)[0];
    if (path.dirname(file) === RULES_DIR || path.basename(file) === 'index.ts') continue;
    const mod = (await import(`../../src/rules/${path.relative(RULES_DIR, file).split(path.sep).join('/').replace(/\.ts$/, '.js')}`)) as { default?: unknown };
    if (area === SUPPORT) {
      if (isRule(mod.default)) strays.push(`${rel(file)} defines rule ${mod.default.meta.id}: move it to an area folder`);
    } else if (isRule(mod.default)) {
      rules.push({ file, id: mod.default.meta.id, slug: mod.default.meta.slug });
    } else {
      strays.push(`${rel(file)} defines no rule: move it to src/rules/${SUPPORT}/`);
    }
  }
  return { rules, strays };
}

/** The control ids an exported value names, as `id` or `meta.id`. */
function idsIn(mod: Record<string, unknown>): string[] {
  return Object.values(mod).flatMap((v) => {
    if (typeof v !== 'object' || v === null) return [];
    const o = v as { id?: unknown; meta?: { id?: unknown } };
    return [o.id, o.meta?.id].filter((x): x is string => typeof x === 'string');
  });
}

/** HK-AL detection modules under src/audit/detect/detections/, each with the ids it exports. */
async function detectionModules(): Promise<Module[]> {
  const out: Module[] = [];
  for (const file of filesUnder(DETECTIONS_DIR, '.ts')) {
    if (path.basename(file) === 'index.ts') continue;
    const mod = (await import(`../../src/audit/detect/detections/${path.relative(DETECTIONS_DIR, file).split(path.sep).join('/').replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    const name = stem(file, '.ts');
    const named = /^HK-[A-Z]{2}-\d{3}/.exec(name)?.[0];
    for (const id of new Set([...(named ? [named] : []), ...idsIn(mod)])) out.push({ file, id, slug: name });
  }
  return out;
}

/** What is missing or doubled for one control; empty when its files are in order. */
function problemsOf(c: Control, rules: readonly Module[], detections: readonly Module[], tests: readonly string[], docs: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const mine = rules.filter((r) => r.id === c.id);
  const slug = mine[0]?.slug;
  const myDetections = detections.filter((d) => d.id === c.id).map((d) => d.file);
  // A detection module may be named by the id or by its slug; its test file then takes the same name.
  const names = new Set([c.id, ...(slug ? [slug] : []), ...myDetections.map((f) => stem(f, '.ts'))]);
  const myTests = tests.filter((f) => names.has(stem(f, '.test.ts')));
  const hasPage = docs.has(`${c.id}.md`);
  if (c.implemented === false || c.evaluatedIn === 'manual') {
    // Nothing checks it in this version: the catalog must say so, and no file may claim it.
    for (const r of mine) out.push(`${rel(r.file)} implements it, but the catalog says ${c.evaluatedIn === 'manual' ? 'evaluatedIn: manual' : 'implemented: false'}`);
    for (const d of myDetections) out.push(`${rel(d)} implements it, but the catalog says it has no detection`);
    return out;
  }
  if (c.evaluatedIn === 'trail') {
    if (mine.length > 0) out.push(`a trail control has a rule module: ${mine.map((r) => rel(r.file)).join(', ')}`);
    if (myDetections.length !== 1) out.push(myDetections.length === 0
      ? `no detection module: expected ${rel(DETECTIONS_DIR)}/${c.id}.ts (or named by its slug)`
      : `${myDetections.length} detection modules: ${myDetections.map(rel).join(', ')}`);
    if (myTests.length !== 1) out.push(myTests.length === 0 ? `no test file named ${c.id}.test.ts (or by its slug)` : `${myTests.length} test files: ${myTests.map(rel).join(', ')}`);
  } else {
    if (mine.length !== 1) out.push(mine.length === 0 ? `no rule module under src/rules/<area>/ (the catalog says evaluatedIn: ${c.evaluatedIn}; say implemented: false if none exists yet)` : `${mine.length} rule modules: ${mine.map((r) => rel(r.file)).join(', ')}`);
    const r = mine[0];
    if (r) {
      if (stem(r.file, '.ts') !== r.slug) out.push(`${rel(r.file)} is not named by its slug ${r.slug}`);
      const area = path.relative(RULES_DIR, path.dirname(r.file)).split(path.sep).join('/');
      const expected = `test/rules/${area}/${r.slug}.test.ts`;
      if (myTests.length !== 1 || myTests[0] !== path.join(ROOT, expected)) {
        out.push(myTests.length === 0 ? `no test file: expected ${expected}` : `test files ${myTests.map(rel).join(', ')}: expected exactly ${expected}`);
      }
    }
  }
  if (!hasPage) out.push(`no docs page: expected docs/controls/${c.id}.md`);
  return out;
}

const { rules, strays } = await ruleModules();
const detections = await detectionModules();
const tests = filesUnder(path.join(ROOT, 'test'), '.test.ts');
const docs = new Set(readdirSync(path.join(ROOT, 'docs', 'controls')));

/** The folder a control's files are under: its rule's area, `trail` for detections, `unchecked` for the rest. */
function groupOf(c: Control): string {
  const r = rules.find((x) => x.id === c.id);
  if (r) return path.relative(RULES_DIR, path.dirname(r.file)).split(path.sep).join('/');
  if (c.implemented === false || c.evaluatedIn === 'manual') return 'unchecked';
  return c.evaluatedIn === 'trail' ? 'trail' : 'unchecked';
}

function assertNone(problems: readonly string[]): void {
  assert.deepEqual(problems, [], `\n${problems.length} problem(s):\n  ${problems.join('\n  ')}\n`);
}

describe('every control is found from its id in one step', () => {
  const groups = [...new Set(CONTROLS.map(groupOf))].sort();
  for (const g of groups) {
    it(`${g}: one module, one test file and one docs page per control, named by its id or slug`, () => {
      assertNone(CONTROLS.filter((c) => groupOf(c) === g).flatMap((c) => problemsOf(c, rules, detections, tests, docs).map((p) => `${c.id} ${c.title}: ${p}`)));
    });
  }

  it('rule helpers are in src/rules/support/, and every rule module names a catalog control', () => {
    const known = new Set(CONTROLS.map((c) => c.id));
    assertNone([...strays, ...rules.filter((r) => !known.has(r.id)).map((r) => `${rel(r.file)} names ${r.id}, which is not in the catalog`)]);
  });

  it('every docs page is named by a catalog id', () => {
    const known = new Set(CONTROLS.map((c) => c.id));
    assertNone([...docs].filter((page) => !known.has(page.replace(/\.md$/, ''))).map((page) => `docs/controls/${page} is named by no catalog id`));
  });

  it('finds every registered rule in a module of its own', () => {
    assert.deepEqual(RULES.map((r) => r.meta.id).sort(), rules.map((r) => r.id).sort());
  });
});
