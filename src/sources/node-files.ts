import path from 'node:path';
import type { JsonObject, KubeResource } from '../core/resource.js';
import { certificateBlocks, certificateJson, summarizeCertificate } from '../controlplane/certificate.js';
import { splitArgs } from '../controlplane/flags.js';
import type { ParsedText } from './parse.js';
import { parseManifests } from './parse.js';

const PEM_EXTENSIONS = new Set(['.crt', '.pem', '.cert']);

type FlagSource = 'systemd-dropin' | 'kubeadm-flags' | 'default-kubelet';

function flagSourceOf(file: string): FlagSource | undefined {
  const p = file.replace(/\\/g, '/');
  const base = path.posix.basename(p);
  if (base === 'kubeadm-flags.env') return 'kubeadm-flags';
  if (/\/(default|sysconfig)\/kubelet$/.test(p)) return 'default-kubelet';
  if (base.endsWith('.conf') && (/kubelet\.service\.d\//.test(p) || base === '10-kubeadm.conf')) return 'systemd-dropin';
  return undefined;
}

/** Files from a node's /etc/kubernetes (and kubelet folders) that are not YAML manifests but phiguard reads. */
export function isNodeFileName(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  return PEM_EXTENSIONS.has(ext) || ext === '.conf' || flagSourceOf(file) !== undefined;
}

function emptyParsed(file: string, text: string): ParsedText {
  return { file, text, json: false, docs: [{ index: 0, start: 0, end: text.length, line: 1 }], resources: [], errors: [], skipped: 0 };
}

function synthetic(file: string, text: string, object: JsonObject, positions: Map<string, { line: number; column: number }>): ParsedText {
  const resource: KubeResource = {
    ref: { apiVersion: 'phiguard.dev/v1', kind: String(object['kind']), name: path.basename(file) },
    object,
    origin: { file, doc: 0, line: 1, pointer: '' },
  };
  positions.set('0#', { line: 1, column: 1 });
  return { ...emptyParsed(file, text), resources: [resource], positions };
}

function parsePem(file: string, text: string): ParsedText {
  const blocks = certificateBlocks(text);
  // A PEM with only a private key (or anything else) is ignored: phiguard never reads private keys.
  if (blocks.length === 0) return emptyParsed(file, text);
  const certificates: JsonObject[] = [];
  const positions = new Map<string, { line: number; column: number }>();
  const out = emptyParsed(file, text);
  for (const b of blocks) {
    try {
      positions.set(`0#/certificates/${certificates.length}`, { line: b.line, column: 1 });
      certificates.push(certificateJson(summarizeCertificate(b.pem)));
    } catch (e) {
      out.errors.push({ file, line: b.line, column: 1, message: `not a readable X.509 certificate: ${(e as Error).message}` });
    }
  }
  if (certificates.length === 0) return out;
  const parsed = synthetic(file, text, { apiVersion: 'phiguard.dev/v1', kind: 'PemCertificate', metadata: { name: path.basename(file) }, certificates }, positions);
  return { ...parsed, errors: out.errors };
}

/** Environment lines of a systemd unit and shell-style VAR="..." lines, with the flags they set. */
function parseFlagsFile(file: string, text: string, source: FlagSource): ParsedText {
  const args: string[] = [];
  const positions = new Map<string, { line: number; column: number }>();
  const add = (value: string, line: number, column: number): void => {
    for (const t of splitArgs(value)) {
      if (!t.text.startsWith('-')) continue;
      positions.set(`0#/args/${args.length}`, { line, column: column + t.offset });
      args.push(t.text);
    }
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const env = /^Environment=(.*)$/.exec(trimmed);
    if (env) {
      // Environment="A=--x=1 --y" or Environment=A=--x: the value after the first '='.
      const body = (env[1] ?? '').replace(/^"|"$/g, '');
      const eq = body.indexOf('=');
      if (eq > 0) add(body.slice(eq + 1), i + 1, line.indexOf(body) + eq + 2);
      return;
    }
    const exec = /^ExecStart=(.*)$/.exec(trimmed);
    if (exec) {
      const cmd = exec[1] ?? '';
      add(cmd.replace(/\$\{?\w+\}?/g, (m) => ' '.repeat(m.length)), i + 1, line.indexOf(cmd) + 1);
      return;
    }
    const shell = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(trimmed);
    if (shell) {
      const value = shell[2] ?? '';
      add(value.replace(/^["']|["']$/g, ' '), i + 1, line.indexOf(value) + 1);
    }
  });
  const first = positions.get('0#/args/0');
  if (first) positions.set('0#/args', first);
  return synthetic(file, text, { apiVersion: 'phiguard.dev/v1', kind: 'KubeletFlags', metadata: { name: path.basename(file) }, source, args }, positions);
}

function looksLikeUnitOrEnv(text: string): boolean {
  // Leading blanks within the line only: \s* crossed newlines and went quadratic over many blank lines.
  return /^[^\S\n\r\u2028\u2029]*\[(Service|Unit)\]/m.test(text) || /^[^\S\n\r\u2028\u2029]*Environment=/m.test(text) ||
    /^[^\S\n\r\u2028\u2029]*(export\s+)?KUBELET_[A-Z_]+=/m.test(text);
}

/**
 * Reads a node file that is not a YAML manifest into resources: PEM certificates become PemCertificate,
 * kubelet flags files become KubeletFlags; YAML .conf files (kubeconfigs) go through the manifest parser.
 * Undefined when the file is not one of these.
 */
export function parseNodeFile(file: string, text: string): ParsedText | undefined {
  const ext = path.extname(file).toLowerCase();
  if (PEM_EXTENSIONS.has(ext)) return parsePem(file, text);
  const source = flagSourceOf(file);
  if (source && (source !== 'systemd-dropin' || looksLikeUnitOrEnv(text))) return parseFlagsFile(file, text, source);
  if (ext === '.conf') {
    if (looksLikeUnitOrEnv(text)) return parseFlagsFile(file, text, 'systemd-dropin');
    return parseManifests(file, text);
  }
  return undefined;
}
