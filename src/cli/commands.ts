import type { Command } from './command.js';

/** A subcommand as listed in --help; its module (and the libraries it needs) loads only when it runs. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  /** Starts, does its work and exits: V8 is tuned for a short run (servers keep V8's defaults). */
  readonly batch: boolean;
  load(): Promise<Command>;
}

/** Every subcommand of the CLI; each lives in its own module. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'scan', batch: true, summary: 'scan manifests, control-plane files or a live cluster (--cluster) for HIPAA safeguards', load: async () => (await import('./scan.js')).scanCommand },
  { name: 'access', batch: true, summary: 'who can do what: effective RBAC queries and the PHI access matrix', load: async () => (await import('./access.js')).accessCommand },
  { name: 'netpol', batch: true, summary: 'NetworkPolicy reachability: can A reach B, and do the zones hold', load: async () => (await import('./netpol.js')).netpolCommand },
  { name: 'map', batch: true, summary: 'draw the PHI flow map (Mermaid, Graphviz DOT or SVG)', load: async () => (await import('./map.js')).mapCommand },
  { name: 'fix', batch: true, summary: 'apply the safe fixes to manifests in place (or --dry-run for a diff); unsafe ones become suggestions', load: async () => (await import('./fix.js')).fixCommand },
  { name: 'generate', batch: true, summary: 'write hardening: audit policy, encryption config, webhook, scanner, baseline, admission policies, ingress TLS', load: async () => (await import('./generate.js')).generateCommand },
  { name: 'report', batch: true, summary: 'write a signed evidence bundle: results in every format, input digests, config and waivers', load: async () => (await import('./report.js')).reportCommand },
  { name: 'verify-bundle', batch: true, summary: 'check an evidence bundle: signature, and no file changed, added or removed', load: async () => (await import('./verify-bundle.js')).verifyBundleCommand },
  { name: 'controls', batch: true, summary: 'list the control catalog with HIPAA citations and implementation status', load: async () => (await import('./controls.js')).controlsCommand },
  { name: 'webhook', batch: false, summary: 'admission webhook: the same controls enforced when objects are created', load: async () => (await import('./webhook.js')).webhookCommand },
  { name: 'audit', batch: false, summary: 'tamper-evident trail of the Kubernetes API audit log: import, receive, verify, prove, review, detect', load: async () => (await import('./audit.js')).auditCommand },
];
