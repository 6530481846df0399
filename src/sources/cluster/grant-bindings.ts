import type { JsonObject } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { GRANT_LABEL } from '../../access/grant.js';
import { ClusterError } from './cluster-error.js';
import type { ApiReply, Transport } from './transport.js';

/** The broker's only cluster I/O: create, list and delete grant RoleBindings; API errors become plain sentences. */
const RB = '/apis/rbac.authorization.k8s.io/v1';

function bindingPath(namespace: string, name?: string): string {
  return `${RB}/namespaces/${encodeURIComponent(namespace)}/rolebindings${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}

/** Why the API refused, in words; the Status message names the resource and verb, never an object body. */
function refusal(r: ApiReply, doing: string, server: string): ClusterError {
  const message = asString(asObject(r.body)?.['message']);
  const why = r.status === 401 ? 'the credentials of the kubeconfig were refused (401 Unauthorized)'
    : r.status === 403 ? `forbidden (403): the identity needs RBAC permission to ${doing}${message ? ` (${message})` : ''}`
      : r.status === 404 ? `not found (404)${message ? `: ${message}` : ''}`
        : r.status === 409 ? `conflict (409)${message ? `: ${message}` : ''}`
          : `the API server answered ${r.status}${message ? `: ${message}` : ''}`;
  return new ClusterError(`cannot ${doing} on ${server}: ${why}`);
}

export async function createGrantBinding(t: Transport, binding: JsonObject): Promise<JsonObject> {
  const meta = asObject(binding['metadata']) ?? {};
  const ns = asString(meta['namespace']) ?? '';
  const r = await t.send('POST', bindingPath(ns), binding);
  if (r.status === 200 || r.status === 201) return asObject(r.body) ?? binding;
  if (r.status === 409) throw new ClusterError(`cannot create RoleBinding ${ns}/${asString(meta['name']) ?? ''} on ${t.server}: it already exists (409); run \`phiguard access reconcile\` to sort out grant bindings left behind`);
  throw refusal(r, `create rolebindings in namespace ${ns}`, t.server);
}

/** Deletes a grant binding; returns false when it was already gone (404 is no error here). */
export async function deleteGrantBinding(t: Transport, namespace: string, name: string): Promise<boolean> {
  const r = await t.send('DELETE', bindingPath(namespace, name));
  if (r.status === 200 || r.status === 202) return true;
  if (r.status === 404) return false;
  throw refusal(r, `delete rolebinding ${namespace}/${name}`, t.server);
}

/** Every RoleBinding labelled as a grant, in all namespaces (a label selector; paged). */
export async function listGrantBindings(t: Transport): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  let token = '';
  do {
    const q = new URLSearchParams({ labelSelector: GRANT_LABEL, limit: '500', ...(token ? { continue: token } : {}) });
    const r = await t.get(`${RB}/rolebindings?${q.toString()}`);
    if (r.status !== 200) throw refusal(r, 'list rolebindings in all namespaces', t.server);
    const body = asObject(r.body) ?? {};
    for (const item of asArray(body['items'])) {
      const o = asObject(item);
      // The label is checked again here: a server that ignored the selector must not make other bindings look like grants.
      if (o && asString(asObject(asObject(o['metadata'])?.['labels'])?.[GRANT_LABEL])) out.push(o);
    }
    token = asString(asObject(body['metadata'])?.['continue']) ?? '';
  } while (token !== '');
  return out;
}
