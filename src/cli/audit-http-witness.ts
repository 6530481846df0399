import type { AuditStore } from '../audit/store/store.js';
import { ForkError, latestCheckpoint } from '../audit/trail.js';
import { consistencyBetween } from '../audit/store/tree.js';

/**
 * A witness run by another team over HTTP, spoken to with the C2SP tlog-witness protocol (POST add-checkpoint with a
 * consistency proof from the size it last cosigned): the witness refuses to cosign a fork, and so does the signer.
 */
export function isHttpWitness(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

const TIMEOUT_MS = 15_000;

/** The endpoint's URL for messages, without credentials or query. */
function shown(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

async function post(prefix: string, oldSize: number, proof: readonly Buffer[], note: string): Promise<{ status: number; body: string; type: string }> {
  const url = `${prefix.replace(/\/+$/, '')}/add-checkpoint`;
  const body = `old ${oldSize}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${note}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    throw new Error(`witness ${shown(prefix)} is unreachable (${(e as Error).message}); the checkpoint was not stored`);
  }
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/**
 * Submits a signed checkpoint of `size` to the witness before the signer stores it; throws ForkError when the witness
 * has cosigned a larger tree or says the tree is not consistent with what it cosigned.
 */
export async function submitToHttpWitness(prefix: string, store: AuditStore, c: { readonly size: number; readonly note: string }): Promise<void> {
  // The witness most likely last cosigned our latest stored checkpoint; a 409 tells us its real size.
  let old = Math.min((await latestCheckpoint(store))?.size ?? 0, c.size);
  for (let attempt = 0; attempt < 2; attempt++) {
    const proof = old === 0 || old === c.size ? [] : await consistencyBetween(store, old, c.size);
    const r = await post(prefix, old, proof, c.note);
    if (r.status === 200) return;
    const where = `witness ${shown(prefix)}`;
    if (r.status === 409 && r.type.startsWith('text/x.tlog.size')) {
      const theirs = Number(r.body.trim());
      if (!Number.isSafeInteger(theirs) || theirs < 0) throw new Error(`${where} answered 409 without a tree size`);
      if (theirs > c.size) throw new ForkError(`refusing to sign: ${where} cosigned size ${theirs} but the trail now has ${c.size} entries (truncated or rolled back)`);
      if (theirs === old) throw new ForkError(`refusing to sign a fork: ${where} holds a different tree of size ${theirs}; entries before ${theirs} were rewritten`);
      old = theirs;
      continue;
    }
    if (r.status === 422) throw new ForkError(`refusing to sign a fork: ${where} says the trail at size ${c.size} is not consistent with the checkpoint of size ${old} it cosigned`);
    if (r.status === 409) throw new ForkError(`refusing to sign a fork: ${where} cosigned another tree of size ${c.size}`);
    throw new Error(`${where} answered ${r.status}${r.status === 403 || r.status === 404 ? ' (does it know this log\'s public key?)' : ''}; the checkpoint was not stored`);
  }
  throw new Error(`witness ${shown(prefix)} kept answering 409; the checkpoint was not stored`);
}
