import { createHash } from 'node:crypto';
import { CONTROLS } from './controls.js';

/** The catalog has no release number of its own: its identity is the digest of its controls, so any edit shows. */
export function catalogVersion(): { readonly controls: number; readonly sha256: string } {
  return { controls: CONTROLS.length, sha256: createHash('sha256').update(JSON.stringify(CONTROLS)).digest('hex') };
}
