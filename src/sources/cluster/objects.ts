import type { JsonObject, KubeResource } from '../../core/resource.js';
import { asObject, asString, isObject } from '../../core/resource.js';
import type { ServedResource } from './discovery.js';

export function groupVersionOf(r: ServedResource): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

/** The collection path of a resource, in one namespace or across all. */
export function collectionPath(r: ServedResource, namespace?: string): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return namespace !== undefined && r.namespaced ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.resource}` : `${base}/${r.resource}`;
}

function shellWord(s: string): string {
  return /^[\w.:@/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The kubectl command that shows one object, in the context the scan used. */
export function kubectlCommand(r: ServedResource, name: string, namespace: string | undefined, context: string | undefined): string {
  const type = r.group === '' ? r.resource : `${r.resource}.${r.group}`;
  return `kubectl get ${type} ${shellWord(name)}${namespace ? ` -n ${shellWord(namespace)}` : ''}${context ? ` --context ${shellWord(context)}` : ''} -o yaml`;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * One list item as the object a rule reads: kind and apiVersion restored (built-in lists omit them), managedFields
 * dropped, and for metadata-only kinds nothing but metadata, without the last-applied copy that would hold values.
 */
export function itemToResource(item: unknown, r: ServedResource, metadataOnly: boolean, context: string | undefined): KubeResource | undefined {
  if (!isObject(item)) return undefined;
  const meta = asObject(item['metadata']);
  const name = asString(meta?.['name']);
  if (!meta || !name) return undefined;
  const { managedFields: _managed, ...cleanMeta } = meta;
  if (metadataOnly && isObject(cleanMeta['annotations']) && LAST_APPLIED in cleanMeta['annotations']) {
    const { [LAST_APPLIED]: _dropped, ...annotations } = cleanMeta['annotations'];
    cleanMeta['annotations'] = annotations;
  }
  const namespace = r.namespaced ? asString(cleanMeta['namespace']) : undefined;
  const object: JsonObject = metadataOnly
    ? { apiVersion: groupVersionOf(r), kind: r.kind, metadata: cleanMeta }
    : { ...item, apiVersion: groupVersionOf(r), kind: r.kind, metadata: cleanMeta };
  const path = `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
  return {
    ref: { apiVersion: groupVersionOf(r), kind: r.kind, name, ...(namespace ? { namespace } : {}) },
    object,
    origin: { file: path, doc: 0, line: 0, pointer: '', api: { path, kubectl: kubectlCommand(r, name, namespace, context) } },
  };
}
