import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { KUBE_SCHEMA } from '../../../src/sources/parse.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function filesUnder(p: string): string[] {
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p).sort().flatMap((n) => filesUnder(path.join(p, n))).filter((f) => /\.(ya?ml|json)$/.test(f));
}

/** The Kubernetes objects in YAML/JSON files or directories (Lists flattened), to load into the fake API server. */
export function loadObjects(paths: readonly string[]): Obj[] {
  const out: Obj[] = [];
  for (const file of paths.flatMap(filesUnder)) {
    let docs: unknown[];
    try {
      docs = yaml.loadAll(readFileSync(file, 'utf8'), undefined, { schema: KUBE_SCHEMA });
    } catch {
      continue;
    }
    for (const d of docs) {
      if (!isObj(d)) continue;
      if (typeof d['kind'] === 'string' && d['kind'].endsWith('List') && Array.isArray(d['items'])) out.push(...d['items'].filter(isObj));
      else if (typeof d['kind'] === 'string' && typeof d['apiVersion'] === 'string') out.push(d);
    }
  }
  return out;
}
