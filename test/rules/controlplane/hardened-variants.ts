import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanConfig } from '../../../src/core/config.js';
import type { Rule } from '../../../src/core/rule.js';
import { fixtureInputs, scan } from '../../controlplane/fixture-scan.js';

/** One change to one file of the hardened control-plane set. */
export interface Variant {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** Substring of the finding's message. */
  readonly says: string;
  /** The finding's line is the line of this text in the changed file (default: the line of `to`). */
  readonly at?: string;
  readonly config?: Partial<ScanConfig>;
}

export const API = '/etc/kubernetes/manifests/kube-apiserver.yaml';
export const ETCD = '/etc/kubernetes/manifests/etcd.yaml';
export const KCM = '/etc/kubernetes/manifests/kube-controller-manager.yaml';
export const KUBELET = '/var/lib/kubelet/config.yaml';
export const ENC = '/etc/kubernetes/enc/encryption-config.yaml';
export const AUDIT = '/etc/kubernetes/audit/audit-policy.yaml';
export const ADM = '/etc/kubernetes/admission/admission-config.yaml';
export const AUTHN = '/etc/kubernetes/authn/authentication-config.yaml';

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" is in the changed file`);
  return text.slice(0, i).split('\n').length;
}

/** Each variant changes one thing in the hardened set and must raise the rule's control on the changed line. */
export function hardenedVariants(rule: Rule, variants: readonly Variant[]): void {
  const control = rule.meta.id;
  describe('insecure variants of the hardened set', () => {
    for (const v of variants) {
      it(`${control}: ${v.from.trim().slice(0, 50)} → ${v.to.trim().slice(0, 50) || '(removed)'}`, () => {
        const inputs = fixtureInputs('hardened').map((i) => {
          if (i.file !== v.file) return i;
          assert.ok(i.text.includes(v.from), `${v.file} contains "${v.from}"`);
          return { ...i, text: i.text.replace(v.from, v.to) };
        });
        const changed = inputs.find((i) => i.file === v.file)?.text ?? '';
        const line = lineOf(changed, v.at ?? (v.to.trim() === '' ? v.from : v.to.trim().split('\n')[0] ?? ''));
        const r = scan(inputs, v.config);
        assert.deepEqual(r.errors, []);
        const mine = r.findings.filter((f) => f.control === control);
        assert.ok(mine.some((f) => f.location?.file === v.file && f.location.line === line && f.message.includes(v.says)),
          `expected ${control} at ${v.file}:${line} saying "${v.says}"; got:\n${r.findings.map((f) => `  ${f.control} ${f.location?.file}:${f.location?.line} ${f.message}`).join('\n')}`);
        const r2 = r.controls.find((c) => c.id === control);
        assert.equal(r2?.status, 'fail');
      });
    }
  });
}
