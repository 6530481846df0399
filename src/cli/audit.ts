import { checkProofSubcommand } from './audit/check-proof.js';
import { checkpointSubcommand } from './audit/checkpoint.js';
import { detectSubcommand } from './audit/detect.js';
import { importSubcommand } from './audit/import.js';
import { keygenSubcommand } from './audit/keygen.js';
import { proveSubcommand } from './audit/prove.js';
import { reviewSubcommand } from './audit/review.js';
import { serveSubcommand } from './audit/serve.js';
import { verifySubcommand } from './audit/verify.js';
import type { Command } from './command.js';
import { groupCommand } from './options.js';


/** `phiguard audit`: each subcommand lives in src/cli/audit/ with its options as data. */
export const auditCommand: Command = groupCommand({
  name: 'audit',
  summary: 'A tamper-evident trail of the Kubernetes API audit log (RFC 9162 Merkle log, C2SP signed checkpoints).',
  subcommands: {
    keygen: keygenSubcommand,
    import: importSubcommand,
    serve: serveSubcommand,
    checkpoint: checkpointSubcommand,
    verify: verifySubcommand,
    prove: proveSubcommand,
    'check-proof': checkProofSubcommand,
    review: reviewSubcommand,
    detect: detectSubcommand,
  },
  notes: [
    'STORE is a SQLite file (default) or postgres://user@host:port/db[?schema=NAME].',
    'T is RFC 3339 (2026-09-01T00:00:00Z) or a duration back from now (24h, 7d).',
    'Signing refuses (exit 1) when the tree does not extend the last checkpoint signed (store or witness): a fork.',
    'Exit codes: 0 ok; 1 verification failed, proof rejected or findings; 2 usage or input error.',
  ],
});
