import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NoteSigner } from '../audit/note.js';
import { parseSignerKey } from '../audit/note.js';
import { openStore, isPostgresSpec } from '../audit/store/open.js';
import type { AuditStore } from '../audit/store/store.js';
import { writeCheckpoint } from '../audit/trail.js';
import { decisionEvent } from '../webhook/decision-trail.js';
import { loadConfig } from '../config/load.js';
import type { Mode, WebhookPolicy } from '../webhook/decision.js';
import { DEFAULT_POLICY, MODES } from '../webhook/decision.js';
import { inClusterLookup } from '../webhook/namespace-labels.js';
import { DEFAULT_BODY_LIMIT, startWebhook, WARM_UP_DECISIONS } from '../webhook/server.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { defineCommand, helpText, parseCommand } from './options.js';

export const WEBHOOK_SPEC = defineCommand({
  name: 'webhook',
  synopsis: '--port 8443 --tls-cert FILE --tls-key FILE [--config FILE]',
  summary: `Serves AdmissionReview v1 on POST /validate (HTTPS, TLS 1.2 and 1.3 only), with /healthz, /readyz and
Prometheus /metrics. Decisions use the same rules and waivers as \`phiguard scan\`. See docs/webhook.md.`,
  options: {
    port: { type: 'string', value: 'N', help: 'port to listen on (default 8443)' },
    'tls-cert': { type: 'string', value: 'FILE', help: 'serving certificate (PEM); reloaded when the file changes' },
    'tls-key': { type: 'string', value: 'FILE', help: 'its private key (PEM); reloaded when the file changes' },
    config: { type: 'string', short: 'c', value: 'FILE', help: 'configuration file (PHI namespaces, waivers, failOn, and a webhook: section with phiMode, defaultMode, namespaceModes, blockExisting, bodyLimit; flags win over it)' },
    'phi-mode': { type: 'string', value: 'MODE', help: 'enforce|warn|audit for PHI-scoped objects (default enforce)' },
    'default-mode': { type: 'string', value: 'MODE', help: 'enforce|warn|audit for other objects (default warn)' },
    'namespace-mode': { type: 'string', multiple: true, value: 'NS=MODE', help: 'mode for one namespace (wins over scope)' },
    'block-existing': { type: 'boolean', help: 'on UPDATE, also deny weaknesses the old object already had' },
    'body-limit': { type: 'string', value: 'BYTES', help: `largest accepted review (default ${DEFAULT_BODY_LIMIT})` },
    'audit-store': { type: 'string', value: 'STORE', help: 'append decisions (not dry runs) to the tamper-evident trail (SQLite file or postgres:// URL)' },
    key: { type: 'string', value: 'FILE', help: 'sign a checkpoint of that trail every minute and at exit' },
  },
});

function mode(value: string, flag: string): Mode {
  if (!(MODES as readonly string[]).includes(value)) throw new UsageError(`${flag}: "${value}" is not enforce, warn or audit`);
  return value as Mode;
}

export const webhookCommand: Command = {
  name: 'webhook',
  usage: helpText(WEBHOOK_SPEC),
  specs: [WEBHOOK_SPEC],
  async run(argv, io) {
    const parsed = parseCommand(WEBHOOK_SPEC, argv);
    // webhook takes no positional argument (the same words node:util parseArgs used to say it in).
    if (parsed.positionals[0] !== undefined) throw new UsageError(`Unexpected argument '${parsed.positionals[0]}'. This command does not take positional arguments`);
    const v = parsed.values;
    const port = Number(v.port ?? '8443');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${v.port}" is not a port number`);
    if (!v['tls-cert'] || !v['tls-key']) throw new UsageError('--tls-cert and --tls-key are required');
    const config = await loadConfig(v.config, io.cwd);
    const file = config.webhook ?? {};
    const bodyLimit = v['body-limit'] !== undefined ? Number(v['body-limit']) : file.bodyLimit ?? DEFAULT_BODY_LIMIT;
    if (!Number.isInteger(bodyLimit) || bodyLimit < 1024) throw new UsageError(`--body-limit: "${v['body-limit']}" must be a whole number of bytes, at least 1024`);
    if (v.key !== undefined && v['audit-store'] === undefined) throw new UsageError('--key signs the --audit-store trail: give --audit-store too');
    const namespaceModes: Record<string, Mode> = { ...file.namespaceModes };
    for (const pair of v['namespace-mode'] ?? []) {
      const [ns, m] = pair.split('=');
      if (!ns || m === undefined) throw new UsageError(`--namespace-mode: "${pair}" is not NS=MODE`);
      namespaceModes[ns] = mode(m, '--namespace-mode');
    }
    const policy: WebhookPolicy = {
      phiMode: v['phi-mode'] ? mode(v['phi-mode'], '--phi-mode') : file.phiMode ?? DEFAULT_POLICY.phiMode,
      defaultMode: v['default-mode'] ? mode(v['default-mode'], '--default-mode') : file.defaultMode ?? DEFAULT_POLICY.defaultMode,
      namespaceModes,
      blockExisting: v['block-existing'] === true || file.blockExisting === true,
    };
    const lookup = inClusterLookup(io.env);
    const log = (line: string): void => { io.stderr.write(line + '\n'); };
    for (const [flag, file] of [['--tls-cert', v['tls-cert']], ['--tls-key', v['tls-key']]] as const) {
      try {
        readFileSync(path.resolve(io.cwd, file));
      } catch (e) {
        throw new UsageError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
    let signer: NoteSigner | undefined;
    if (v.key !== undefined) {
      try {
        signer = parseSignerKey(readFileSync(path.resolve(io.cwd, v.key), 'utf8'));
      } catch (e) {
        throw new UsageError(`--key ${v.key}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    const spec = v['audit-store'];
    const store: AuditStore | undefined = spec === undefined ? undefined : await openStore(isPostgresSpec(spec) ? spec : path.resolve(io.cwd, spec));
    const record = store ? async (r: Parameters<typeof decisionEvent>[0]): Promise<void> => { await store.append([decisionEvent(r)], { receivedAt: r.time }); } : undefined;
    const checkpoint = async (): Promise<void> => {
      if (store && signer) await writeCheckpoint(store, signer).catch((e: Error) => log(`phiguard webhook: checkpoint failed: ${e.message}`));
    };
    const timer = signer ? setInterval(() => { void checkpoint(); }, 60_000) : undefined;
    timer?.unref();
    const server = await startWebhook({ port, certFile: path.resolve(io.cwd, v['tls-cert']), keyFile: path.resolve(io.cwd, v['tls-key']), config, policy, bodyLimit, log, warmUpDecisions: WARM_UP_DECISIONS, ...(lookup ? { lookup } : {}), ...(record ? { record } : {}) });
    log(`phiguard webhook: listening on :${server.port}${lookup ? ' (namespace labels from the API server)' : ' (namespace scope from config only)'}`);
    await new Promise<void>((resolve) => {
      const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    if (timer) clearInterval(timer);
    await checkpoint();
    await store?.close();
    return 0;
  },
};
