import type { ParsedText } from './parse.js';

/** Files from a node's /etc/kubernetes (and kubelet folders) that are not YAML manifests but phiguard reads. */
export function isNodeFileName(_path: string): boolean {
  return false;
}

/** Reads a non-YAML node file (PEM certificate, kubelet flags) into resources; undefined when not recognised. */
export function parseNodeFile(_file: string, _text: string): ParsedText | undefined {
  return undefined;
}
