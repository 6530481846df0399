import { grantBinding, grantDigest } from '../../access/binding.js';
import { grantBindingName } from '../../access/grant.js';
import type { RequestState } from '../../access/state.js';
import { recordBase } from '../../access/state.js';
import type { AuditStore } from '../../audit/store/store.js';
import { createGrantBinding, deleteGrantBinding } from '../../sources/cluster/grant-bindings.js';
import type { Transport } from '../../sources/cluster/transport.js';
import type { CliIo } from '../command.js';
import { appendRecord, nowText } from './context.js';

/** Test hook: milliseconds to wait between creating a binding and recording it, so a test can SIGKILL the broker there. */
export const PAUSE_AFTER_CREATE_ENV = 'PHIGUARD_ACCESS_TEST_PAUSE_AFTER_CREATE';

/**
 * Creates the grant binding of an approved request, then records `granted`. The intent (approved or break-glass) is
 * already recorded, so a crash after the create leaves a binding without a granted record, which reconcile removes.
 */
export async function grantNow(io: CliIo, store: AuditStore, api: Transport, s: RequestState, actor: string): Promise<{ expires: string; binding: string }> {
  const now = Date.now();
  const grantedAt = nowText(now);
  const expires = nowText(now + s.durationSeconds * 1000);
  const binding = grantBinding(s, grantedAt, expires);
  await createGrantBinding(api, binding);
  const pause = Number(io.env[PAUSE_AFTER_CREATE_ENV] ?? '0');
  if (pause > 0) {
    io.stderr.write(`test hook ${PAUSE_AFTER_CREATE_ENV}: binding created, waiting ${pause} ms before recording it\n`);
    await new Promise((r) => setTimeout(r, pause));
  }
  try {
    await appendRecord(store, {
      ...recordBase(s), action: 'granted', actor, at: grantedAt, expires, approvers: s.approvers, binding: grantBindingName(s.id), digest: grantDigest(binding),
    }, s.steps);
  } catch (e) {
    // Nothing may stay granted without a record: take the binding back before giving up.
    await deleteGrantBinding(api, s.namespace, grantBindingName(s.id)).catch(() => undefined);
    throw e;
  }
  return { expires, binding: grantBindingName(s.id) };
}
