import { createRequire } from 'node:module';
import type { LineCounter, Node as YamlNode } from 'yaml';
import type * as YamlModule from 'yaml';
import type { Location } from '../core/finding.js';
import type { KubeResource } from '../core/resource.js';
import { segmentsOf } from '../core/resource.js';
import type { BlockPosition, DescentStep } from './block-locator.js';
import { descend, locateInBlockYaml, rootCursor, sequenceItems, UNSUPPORTED } from './block-locator.js';
import type { JsonLocator } from './json-locator.js';
import { jsonLocator, NOT_JSON } from './json-locator.js';
import type { DocumentSlice } from './split.js';
import type { ParsedText } from './parse.js';

type ItemStarts = Exclude<ReturnType<typeof sequenceItems>, typeof UNSUPPORTED>;
type ItemStart = ItemStarts[number];

interface ParsedDoc {
  readonly contents: YamlNode | null;
  readonly lines: LineCounter;
}

/**
 * Maps (resource, JSON pointer) to a file position. The indentation scanner answers for block YAML;
 * the `yaml` parser, which keeps exact ranges, answers for everything else and is run at most once per document.
 */
export function makeLocator(files: ReadonlyMap<string, Pick<ParsedText, 'file' | 'text' | 'json' | 'docs' | 'positions' | 'lenientJson' | 'jsonLocator'>>): (r: Pick<KubeResource, 'origin'>, path: string) => Location | undefined {
  const parsed = new Map<string, ParsedDoc>();
  // JSON is located by skipping over its values; text that is not plain JSON goes to the full parser.
  const json = new Map<string, JsonLocator | typeof NOT_JSON>();
  const inJson = (src: Pick<ParsedText, 'file' | 'text' | 'jsonLocator'>, pointer: string, own: readonly string[], segments: readonly string[]): Location | typeof NOT_JSON => {
    let loc = json.get(src.file);
    if (loc === undefined) json.set(src.file, (loc = src.jsonLocator ?? jsonLocator(src.text)));
    if (loc === NOT_JSON) return NOT_JSON;
    try {
      const item = pointer === '' ? null : /^\/items\/(\d+)$/.exec(pointer);
      const start = item ? loc.items()?.[Number(item[1])] : undefined;
      const offset = start ? loc.offsetOf(start.valueAt, own) : loc.offsetOf(loc.root, segments);
      return { file: src.file, ...loc.position(offset) };
    } catch (e) {
      if (e !== NOT_JSON) throw e;
      json.set(src.file, NOT_JSON);
      return NOT_JSON;
    }
  };
  const lists = new Map<string, ItemStarts | typeof UNSUPPORTED>();
  // The start of every item of a List document, found in one pass and kept for the scan.
  const listItems = (src: Pick<ParsedText, 'file' | 'text'>, doc: number, slice: DocumentSlice): ItemStarts | typeof UNSUPPORTED => {
    const key = `${src.file}#${doc}`;
    let items = lists.get(key);
    if (items === undefined) {
      const at = locateInBlockYaml(src.text, slice.start, slice.end, ['items']);
      items = at !== UNSUPPORTED && at.cursor ? sequenceItems(src.text, slice.end, at.cursor) : UNSUPPORTED;
      lists.set(key, items);
    }
    return items;
  };
  // The last descent: the findings on one container come one after another, and their paths share most of it.
  let last: { readonly from: Readonly<DocumentSlice> | ItemStart; readonly segments: readonly string[]; readonly trail: DescentStep[] } | undefined;
  // `key` is where the descent starts: a List item (with its own cursor), or the document's slice (from its root).
  const descendMemo = (key: Readonly<DocumentSlice> | ItemStart, text: string, end: number, segments: readonly string[]): BlockPosition | typeof UNSUPPORTED => {
    let shared = 0;
    if (last?.from === key) {
      const max = Math.min(last.trail.length, segments.length);
      while (shared < max && last.segments[shared] === segments[shared]) shared++;
    }
    const step = shared > 0 ? last?.trail[shared - 1] : undefined;
    const trail = step && last ? last.trail.slice(0, shared) : [];
    let got: BlockPosition | typeof UNSUPPORTED;
    if (step) {
      got = descend(text, end, step.cursor, step, segments.slice(shared), trail);
    } else if ('cursor' in key) {
      got = key.cursor ? descend(text, end, key.cursor, key, segments, trail) : { line: key.line, column: key.column, matched: 0 };
    } else {
      // The root is found only when the descent does not resume: most asks share a prefix with the one before.
      const root = rootCursor(text, key.start, end);
      got = root ? descend(text, end, root, { line: root.lineNo, column: root.column }, segments, trail) : { line: 0, column: 0, matched: 0 };
    }
    last = { from: key, segments, trail };
    return got === UNSUPPORTED || !step ? got : { ...got, matched: got.matched + shared };
  };
  // Paths repeat across resources (every Deployment has /spec/template/spec/containers/0/...): split each once.
  const pathSegments = new Map<string, readonly string[]>();
  const segmentsOfPath = (path: string): readonly string[] => {
    let segs = pathSegments.get(path);
    if (!segs) pathSegments.set(path, (segs = segmentsOf(path)));
    return segs;
  };
  // Several rules report the same field of one resource, one after another: answer a repeat from the last resource's answers.
  let answered: { readonly resource: Pick<KubeResource, 'origin'>; readonly at: Map<string, Location | undefined> } | undefined;
  const locate = (r: Pick<KubeResource, 'origin'>, path: string): Location | undefined => {
    const src = files.get(r.origin.file);
    const slice = src?.docs[r.origin.doc];
    if (!src || !slice) return undefined;
    const own = segmentsOfPath(path);
    const segments = r.origin.pointer === '' ? own : [...segmentsOf(r.origin.pointer), ...own];
    if (src.positions) return positionIn(src.positions, r.origin.doc, segments, src.file);
    if (src.json && src.lenientJson !== true) {
      const at = inJson(src, r.origin.pointer, own, segments);
      if (at !== NOT_JSON) return at;
    }
    if (!src.json) {
      // Items of a List (kubectl get -o yaml) start from their own item: scanning from the top of a
      // document with thousands of items for every finding would be quadratic.
      const item = r.origin.pointer === '' ? null : /^\/items\/(\d+)$/.exec(r.origin.pointer);
      const items = item ? listItems(src, r.origin.doc, slice) : undefined;
      const start = items && items !== UNSUPPORTED ? items[Number(item?.[1])] : undefined;
      const fast = start ? descendMemo(start, src.text, slice.end, own) : descendMemo(slice, src.text, slice.end, segments);
      if (fast !== UNSUPPORTED) {
        // The slice may begin mid-line, right after '---'; count its lines from the slice's own first line.
        return { file: src.file, line: slice.line + fast.line, column: fast.column + 1 };
      }
    }
    const key = `${r.origin.file}#${r.origin.doc}`;
    let doc = parsed.get(key);
    // The full parser is needed only for documents the indentation scanner cannot follow, so it loads on first use.
    const { isMap, isScalar, isSeq, LineCounter, parseDocument } = createRequire(import.meta.url)('yaml') as typeof YamlModule;
    if (!doc) {
      const lines = new LineCounter();
      const d = parseDocument(src.text.slice(slice.start, slice.end), { lineCounter: lines, uniqueKeys: false });
      doc = { contents: d.contents as YamlNode | null, lines };
      parsed.set(key, doc);
    }
    let node: YamlNode | null | undefined = doc.contents;
    let offset = node?.range?.[0] ?? 0;
    for (const seg of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === seg);
        if (!pair) break;
        offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
        node = pair.value as YamlNode | null;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as YamlNode | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    const pos = doc.lines.linePos(offset);
    return { file: src.file, line: slice.line + pos.line - 1, column: pos.col };
  };
  return (r, path) => {
    if (answered?.resource !== r) answered = { resource: r, at: new Map() };
    if (answered.at.has(path)) {
      const at = answered.at.get(path);
      // A copy: each finding owns its location.
      return at && { file: at.file, line: at.line, column: at.column };
    }
    const at = locate(r, path);
    answered.at.set(path, at);
    return at;
  };
}

/** The nearest recorded position of a pointer or of its closest recorded parent, for files that are not YAML. */
function positionIn(positions: ReadonlyMap<string, { line: number; column: number }>, doc: number, segments: readonly string[], file: string): Location | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const p = positions.get(`${doc}#${segments.slice(0, n).map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('')}`);
    if (p) return { file, line: p.line, column: p.column };
  }
  return undefined;
}
