import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CONFIG } from '../core/config.js';
import { buildScopeIndex } from '../core/scope.js';
import { generateAuditPolicy, generateEncryptionConfig } from '../controlplane/generate.js';
import { webhookManifests } from '../webhook/manifests.js';
import { scannerManifests } from '../scanner/manifests.js';
import { admissionPolicies } from '../remediation/admission-policies.js';
import { ingressTls } from '../remediation/ingress-tls.js';
import { buildBaseline, renderBaseline } from '../remediation/baseline.js';
import { buildInventory } from '../core/inventory.js';
import { loadConfig } from '../config/load.js';
import { parseInputs } from '../sources/inputs.js';
import { readInputs } from '../sources/files.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { defineCommand, helpText, parseCommand } from './options.js';
import { ACCESS_BROKER_SPEC, runGenerateAccessBroker } from './generate-access-broker.js';

/** Placeholder image: the digest must be replaced by the released one (docs/webhook.md). */
const DEFAULT_IMAGE = `ghcr.io/phiguard/phiguard:0.1.0@sha256:${'0'.repeat(64)}`;

/** The targets, each with its own synopsis; the options below are shared by all of them. */
const TARGETS = `       phiguard generate audit-policy [--phi-namespace NS]... [--break-glass-group G]... [-o FILE] [PATH...]
       phiguard generate encryption-config [--kms-endpoint URL] [-o FILE]
       phiguard generate webhook --namespace NS [--image REF@sha256:DIGEST] [--replicas N] [-o FILE]
       phiguard generate scanner --namespace NS [--image REF@sha256:DIGEST] [--schedule CRON] [--phi-namespace NS]... [-o FILE]
       phiguard generate admission-policies [-o FILE]
       phiguard generate baseline --namespace NS [-o FILE] [PATH...]
       phiguard generate ingress-tls [-o FILE]
       phiguard generate access-broker [options]   (its own options: phiguard generate access-broker --help)

audit-policy       an audit.k8s.io/v1 Policy that records what HIPAA review needs: Secret and ConfigMap
                   access at Metadata (values never logged), exec/attach/port-forward, RBAC, webhook, CSR,
                   NetworkPolicy and namespace changes, PHI namespaces with request bodies, break-glass
                   groups at RequestResponse, and a Metadata catch-all. PHI namespaces come from
                   --phi-namespace and from Namespaces labelled phiguard.dev/scope=phi in PATH.
encryption-config  an apiserver.config.k8s.io/v1 EncryptionConfiguration with KMS v2 first (no key in the file).
webhook            the manifests that run \`phiguard webhook\` in NS: hardened Deployment (2+ replicas, PDB,
                   topology spread, priority class), Service, NetworkPolicies, read-only ServiceAccount, a
                   cert-manager CA and Certificate, and the ValidatingWebhookConfiguration (failurePolicy
                   Fail for namespaces labelled phiguard.dev/scope=phi, Ignore elsewhere). See docs/webhook.md.
scanner            a hardened CronJob in NS that runs \`phiguard scan\` on its cluster and writes the JSON report, the
                   PolicyReports and the objects read to a volume; a ClusterRole with list on exactly the kinds the
                   scan reads (never Secrets) and GET /metrics, its binding, and the configuration. See docs/cluster.md.
baseline           the hardening baseline of PHI namespace NS, computed from the manifests in PATH: Namespace
                   labels (scope, Pod Security restricted), default-deny ingress and egress, DNS egress, the
                   NetworkPolicies its Services, Ingresses and zones need, ResourceQuota, LimitRange, a Velero
                   Schedule, a ServiceAccount per workload and a break-glass ClusterRoleBinding template.
ingress-tls        edge TLS hardening: the ingress-nginx ConfigMap keys and Ingress annotations, a Traefik TLSOption
                   and Middlewares, and a Gateway API Gateway and redirect route, for TLS 1.2+, strong ciphers,
                   HSTS and HTTP→HTTPS redirects.
admission-policies ValidatingAdmissionPolicy + bindings (admissionregistration.k8s.io/v1, CEL) for the
                   single-object controls CEL can express: Deny in PHI namespaces, Warn and Audit elsewhere.
                   No webhook needed. See docs/remediation.md.
access-broker      the just-in-time access broker in-cluster: least-privilege RBAC in each grant namespace and a
                   CronJob (or a Deployment) running \`phiguard access reconcile\`. Its options:
                   \`phiguard generate access-broker --help\`. See docs/access-broker.md.`;

export const GENERATE_SPEC = defineCommand({
  name: 'generate',
  synopsis: 'TARGET [PATH...]',
  summary: TARGETS,
  options: {
    'phi-namespace': { type: 'string', multiple: true, value: 'NS', help: 'a namespace holding PHI' },
    'break-glass-group': { type: 'string', multiple: true, value: 'G', help: 'the emergency-access group' },
    'kms-endpoint': { type: 'string', value: 'URL', help: 'the KMS v2 plugin socket (default unix:///var/run/kmsplugin/socket.sock)' },
    namespace: { type: 'string', value: 'NS', help: 'namespace the webhook or scanner runs in (webhook, scanner); the PHI namespace (baseline)' },
    schedule: { type: 'string', value: 'CRON', help: 'when the scanner runs (scanner; default "17 3 * * *")' },
    image: { type: 'string', value: 'REF', help: `the phiguard image, pinned by digest (webhook; default ${DEFAULT_IMAGE})` },
    replicas: { type: 'string', value: 'N', help: 'webhook replicas, at least 2 (default 2)' },
    output: { type: 'string', short: 'o', value: 'FILE', help: 'write to FILE instead of standard output' },
  },
});

const KINDS = 'audit-policy, encryption-config, webhook, scanner, admission-policies, baseline, ingress-tls or access-broker';

async function phiNamespacesIn(paths: readonly string[], io: CliIo): Promise<string[]> {
  if (paths.length === 0) return [];
  const read = await readInputs(paths, io.stdin, io.cwd);
  for (const e of read.errors) io.stderr.write(`${e.file}:${e.line}: ${e.message}\n`);
  const parsed = parseInputs(read.inputs);
  const scope = buildScopeIndex(parsed.resources, DEFAULT_CONFIG);
  return [...scope.namespaces.values()].filter((n) => n.decision.level === 'phi' && n.decision.source !== 'undeclared').map((n) => n.name);
}

export const generateCommand: Command = {
  name: 'generate',
  usage: helpText(GENERATE_SPEC),
  specs: [GENERATE_SPEC, ACCESS_BROKER_SPEC],
  help(argv) {
    return argv[0] === 'access-broker' ? helpText(ACCESS_BROKER_SPEC) : helpText(GENERATE_SPEC);
  },
  async run(argv, io) {
    // access-broker declares its own options; the older targets share GENERATE_SPEC.
    if (argv[0] === 'access-broker') return runGenerateAccessBroker(argv.slice(1), io);
    const { values, positionals } = parseCommand(GENERATE_SPEC, argv);
    const [what, ...paths] = positionals;
    let text: string;
    if (what === 'audit-policy') {
      const fromFiles = await phiNamespacesIn(paths, io);
      const phiNamespaces = [...new Set([...(values['phi-namespace'] ?? []), ...fromFiles])].sort();
      text = generateAuditPolicy({ phiNamespaces, breakGlassGroups: values['break-glass-group'] ?? [] });
      if (phiNamespaces.length === 0) io.stderr.write('phiguard: no PHI namespace given (--phi-namespace or labelled Namespaces); the policy logs every namespace alike\n');
    } else if (what === 'encryption-config') {
      if (paths.length > 0) throw new UsageError('encryption-config takes no paths');
      text = generateEncryptionConfig(values['kms-endpoint']);
    } else if (what === 'baseline') {
      const ns = values.namespace;
      if (!ns || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) throw new UsageError(`--namespace: ${ns === undefined ? 'required for baseline' : `"${ns}" is not a namespace name`}`);
      const config = await loadConfig(undefined, io.cwd);
      let inventory = buildInventory([], config);
      if (paths.length > 0) {
        const read = await readInputs(paths, io.stdin, io.cwd);
        const parsedInputs = parseInputs(read.inputs);
        for (const e of [...read.errors, ...parsedInputs.errors]) io.stderr.write(`${e.file}:${e.line}: ${e.message}\n`);
        inventory = buildInventory(parsedInputs.resources, config);
      }
      text = renderBaseline(buildBaseline(inventory, { namespace: ns, config, now: new Date().toISOString() }), ns);
    } else if (what === 'ingress-tls') {
      if (paths.length > 0) throw new UsageError('ingress-tls takes no paths');
      text = ingressTls();
    } else if (what === 'admission-policies') {
      if (paths.length > 0) throw new UsageError('admission-policies takes no paths');
      text = admissionPolicies({ phiLabel: { key: 'phiguard.dev/scope', value: 'phi' } });
    } else if (what === 'webhook') {
      if (paths.length > 0) throw new UsageError('webhook takes no paths');
      const ns = values.namespace;
      if (!ns || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) throw new UsageError(`--namespace: ${ns === undefined ? 'required for webhook' : `"${ns}" is not a namespace name`}`);
      const image = values.image ?? DEFAULT_IMAGE;
      if (!/@sha256:[0-9a-f]{64}$/.test(image)) throw new UsageError(`--image: "${image}" is not pinned by an @sha256: digest`);
      const replicas = Number(values.replicas ?? '2');
      if (!Number.isInteger(replicas) || replicas < 2) throw new UsageError(`--replicas: "${values.replicas ?? ''}" must be a whole number, at least 2`);
      text = webhookManifests({ namespace: ns, image, replicas, phiLabel: { key: 'phiguard.dev/scope', value: 'phi' } });
    } else if (what === 'scanner') {
      if (paths.length > 0) throw new UsageError('scanner takes no paths');
      const ns = values.namespace;
      if (!ns || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) throw new UsageError(`--namespace: ${ns === undefined ? 'required for scanner' : `"${ns}" is not a namespace name`}`);
      const image = values.image ?? DEFAULT_IMAGE;
      if (!/@sha256:[0-9a-f]{64}$/.test(image)) throw new UsageError(`--image: "${image}" is not pinned by an @sha256: digest`);
      const schedule = values.schedule ?? '17 3 * * *';
      if (!/^(@(hourly|daily|weekly|monthly|yearly)|(\S+\s+){4}\S+)$/.test(schedule.trim())) throw new UsageError(`--schedule: "${schedule}" is not a cron schedule (5 fields or @daily)`);
      text = scannerManifests({ namespace: ns, image, schedule: schedule.trim(), phiNamespaces: values['phi-namespace'] ?? [] });
    } else {
      throw new UsageError(what === undefined ? `say what to generate: ${KINDS}` : `cannot generate "${what}": use ${KINDS}`);
    }
    if (values.output !== undefined) {
      await writeFile(path.resolve(io.cwd, values.output), text, { mode: 0o600 });
    } else {
      io.stdout.write(text);
    }
    return 0;
  },
};
