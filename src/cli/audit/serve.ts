import { parseSignerKey } from '../../audit/note.js';
import { startReceiver } from '../../audit/server.js';
import { ForkError } from '../../audit/trail.js';
import { NO_WITNESS_WARNING, signAndWitness, witnessFor } from '../audit-witness.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import { int, readText, str } from './args.js';
import { SIGNING_OPTIONS, STORE_OPTION, SYNCHRONOUS_OPTION, storeFrom } from './store-options.js';

const spec = defineCommand({
  name: 'audit serve',
  synopsis: '',
  summary: 'Receives audit event batches from the API server (audit webhook backend) over TLS into the trail. Clients authenticate with a certificate (--client-ca) or a bearer token (--token-file); with --key it signs a checkpoint every interval.',
  options: {
    ...STORE_OPTION,
    port: { type: 'string', value: 'P', help: 'port to listen on (required; 0 picks one)' },
    host: { type: 'string', value: 'H', help: 'address to listen on (default 0.0.0.0)' },
    'tls-cert': { type: 'string', value: 'FILE', help: 'server certificate, PEM (required)' },
    'tls-key': { type: 'string', value: 'FILE', help: 'server private key, PEM (required)' },
    'client-ca': { type: 'string', value: 'FILE', help: 'CA that signs client certificates' },
    'token-file': { type: 'string', value: 'FILE', help: 'bearer token clients must send (at least 16 characters)' },
    ...SIGNING_OPTIONS,
    'checkpoint-interval': { type: 'string', value: 'SEC', help: 'seconds between checkpoints (default 10)' },
    'max-body': { type: 'string', value: 'BYTES', help: 'largest batch accepted (default 32 MiB)' },
    cluster: { type: 'string', value: 'NAME', help: 'the cluster the events come from' },
    ...SYNCHRONOUS_OPTION,
  },
});

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(spec, argv);
  const witness = witnessFor(io.cwd, str(values, 'key'), str(values, 'witness'));
  const port = int(values, 'port', NaN, 0);
  if (Number.isNaN(port)) throw new UsageError('--port is required');
  const cert = readText(io, str(values, 'tls-cert', true) as string, 'TLS certificate');
  const key = readText(io, str(values, 'tls-key', true) as string, 'TLS key');
  const ca = str(values, 'client-ca') ? readText(io, str(values, 'client-ca') as string, 'client CA') : undefined;
  const token = str(values, 'token-file') ? readText(io, str(values, 'token-file') as string, 'token file').trim() : undefined;
  if (!ca && !token) throw new UsageError('give --client-ca F or --token-file F: the receiver never accepts unauthenticated batches');
  if (token !== undefined && token.length < 16) throw new UsageError('the bearer token must be at least 16 characters');
  const signer = str(values, 'key') ? parseSignerKey(readText(io, str(values, 'key') as string, 'private key')) : undefined;
  const interval = int(values, 'checkpoint-interval', 10, 0.05) * 1000;
  const sync = str(values, 'synchronous');
  const store = await storeFrom(io, values, sync === 'NORMAL' ? 'NORMAL' : 'FULL');
  const log = (line: string): void => {
    io.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  const receiver = await startReceiver({
    store, host: str(values, 'host') ?? '0.0.0.0', port, cert: Buffer.from(cert), key: Buffer.from(key),
    ...(ca ? { clientCa: Buffer.from(ca) } : {}), ...(token !== undefined ? { token } : {}),
    maxBodyBytes: int(values, 'max-body', 32 * 1024 * 1024, 1024), ...(str(values, 'cluster') ? { cluster: str(values, 'cluster') as string } : {}), log,
  });
  io.stdout.write(`listening on https://${str(values, 'host') ?? '0.0.0.0'}:${receiver.port}\n`);
  if (signer && !witness) log(NO_WITNESS_WARNING.trim());
  let lastSize = -1;
  let lastError = '';
  let busy = false;
  const timer = signer ? setInterval(() => {
    if (busy) return;
    busy = true;
    store.size().then(async (size) => {
      if (size === lastSize) return;
      const c = await signAndWitness(store, signer, witness);
      lastSize = c.size;
      lastError = '';
    }).catch((e: unknown) => {
      // A refused fork repeats every interval; say it once per distinct problem rather than flood the log.
      const m = (e as Error).message;
      if (m !== lastError) log(`${e instanceof ForkError ? 'FORK DETECTED, checkpoint refused' : 'checkpoint failed'}: ${m}`);
      lastError = m;
    }).finally(() => {
      busy = false;
    });
  }, interval) : undefined;
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (timer) clearInterval(timer);
  await receiver.close();
  if (signer) await signAndWitness(store, signer, witness).catch((e: unknown) => log(`final checkpoint failed: ${(e as Error).message}`));
  await store.close();
  return 0;
}

/** `phiguard audit serve`. */
export const serveSubcommand: Subcommand = { spec, run };
