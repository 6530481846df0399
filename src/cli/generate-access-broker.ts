import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { accessBrokerManifests, grantNamespacesOf } from '../remediation/access-broker.js';
import type { CliIo } from './command.js';
import { UsageError } from './command.js';
import { defineCommand, parseCommand } from './options.js';

/** Placeholder image: the digest must be replaced by the released one (docs/access-broker.md). */
const DEFAULT_IMAGE = `ghcr.io/phiguard/phiguard:0.1.0@sha256:${'0'.repeat(64)}`;
const NAME_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_KEY_RE = /^[-._a-zA-Z0-9]+$/;

export const ACCESS_BROKER_SPEC = defineCommand({
  name: 'generate access-broker', synopsis: '--store-secret NAME',
  summary: 'The manifests that run the just-in-time access broker in-cluster: a ServiceAccount in --namespace, a Role and RoleBinding in each grant namespace (RoleBindings get/list/create/update/delete, bind on exactly the requestable roles, never escalate), list on RoleBindings cluster-wide (to find grants), a NetworkPolicy (API server and store only), and a hardened CronJob running `phiguard access reconcile`, or with --mode deployment a Deployment that reconciles in watch mode. See docs/access-broker.md.',
  options: {
    namespace: { type: 'string', short: 'n', value: 'NS', help: 'namespace the broker runs in (default phiguard-system)' },
    'grant-namespace': { type: 'string', multiple: true, value: 'NS', help: 'a namespace grants are made in (default: the namespaces of access.rules and access.breakGlass in the config)' },
    'store-secret': { type: 'string', value: 'NAME', help: 'the Secret holding the trail store\'s postgres:// URL (required)' },
    'store-secret-key': { type: 'string', value: 'KEY', help: 'its key (default url)' },
    'store-port': { type: 'string', value: 'PORT', help: 'PostgreSQL port the NetworkPolicy lets out (default 5432)' },
    mode: { type: 'string', value: 'cronjob|deployment', help: 'a CronJob for one pass on --schedule (default), or a Deployment that reconciles continuously (watch mode)' },
    schedule: { type: 'string', value: 'CRON', help: 'when the CronJob reconciles (default "*/5 * * * *")' },
    image: { type: 'string', value: 'REF@sha256:DIGEST', help: `the phiguard image, pinned by digest (default ${DEFAULT_IMAGE})` },
    config: { type: 'string', short: 'c', value: 'FILE', help: 'configuration file with the access policy (default .phiguard.yaml)' },
    output: { type: 'string', short: 'o', value: 'FILE', help: 'write to FILE instead of standard output' },
  },
  notes: ['Exit codes: 0 written; 2 usage or configuration errors (e.g. no grant namespace named anywhere).'],
});

export async function runGenerateAccessBroker(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(ACCESS_BROKER_SPEC, argv);
  if (positionals.length > 0) throw new UsageError(`access-broker takes no paths ("${positionals[0] ?? ''}")`);
  const ns = values.namespace ?? 'phiguard-system';
  if (!NAME_RE.test(ns)) throw new UsageError(`--namespace: "${ns}" is not a namespace name`);
  for (const g of values['grant-namespace'] ?? []) if (!NAME_RE.test(g)) throw new UsageError(`--grant-namespace: "${g}" is not a namespace name`);
  const secret = values['store-secret'];
  if (secret === undefined || !NAME_RE.test(secret)) throw new UsageError(`--store-secret: ${secret === undefined ? 'required: the Secret holding the postgres:// URL of the trail store' : `"${secret}" is not a Secret name`}`);
  const key = values['store-secret-key'] ?? 'url';
  if (!SECRET_KEY_RE.test(key)) throw new UsageError(`--store-secret-key: "${key}" is not a Secret key`);
  const port = Number(values['store-port'] ?? '5432');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--store-port: "${values['store-port'] ?? ''}" is not a TCP port`);
  const mode = values.mode ?? 'cronjob';
  if (mode !== 'cronjob' && mode !== 'deployment') throw new UsageError(`--mode: "${mode}" must be cronjob or deployment`);
  const schedule = (values.schedule ?? '*/5 * * * *').trim();
  if (!/^(@(hourly|daily|weekly|monthly|yearly)|(\S+\s+){4}\S+)$/.test(schedule)) throw new UsageError(`--schedule: "${schedule}" is not a cron schedule (5 fields or @hourly)`);
  const image = values.image ?? DEFAULT_IMAGE;
  if (!/@sha256:[0-9a-f]{64}$/.test(image)) throw new UsageError(`--image: "${image}" is not pinned by an @sha256: digest`);
  const config = await loadConfig(values.config, io.cwd);
  const grants = grantNamespacesOf(config.access ?? {}, values['grant-namespace'] ?? []);
  if (grants.length === 0) throw new UsageError('no grant namespace: name them in access.rules / access.breakGlass namespaces of the config, or give --grant-namespace NS');
  for (const g of grants) {
    if (g.roles.length === 0 && g.clusterRoles.length === 0) io.stderr.write(`phiguard: the policy makes nothing requestable in ${g.namespace}; the broker gets no bind there\n`);
  }
  const text = accessBrokerManifests({ namespace: ns, image, mode, schedule, storeSecret: secret, storeSecretKey: key, storePort: port, grants });
  if (values.output !== undefined) await writeFile(path.resolve(io.cwd, values.output), text, { mode: 0o600 });
  else io.stdout.write(text);
  return 0;
}
