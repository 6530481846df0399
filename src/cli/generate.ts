import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG } from '../core/config.js';
import { buildScopeIndex } from '../core/scope.js';
import { generateAuditPolicy, generateEncryptionConfig } from '../controlplane/generate.js';
import { parseInputs } from '../sources/evaluate-texts.js';
import { readInputs } from '../sources/files.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';

const USAGE = `Usage: phiguard generate audit-policy [--phi-namespace NS]... [--break-glass-group G]... [-o FILE] [PATH...]
       phiguard generate encryption-config [--kms-endpoint URL] [-o FILE]

audit-policy       an audit.k8s.io/v1 Policy that records what HIPAA review needs: Secret and ConfigMap
                   access at Metadata (values never logged), exec/attach/port-forward, RBAC, webhook, CSR,
                   NetworkPolicy and namespace changes, PHI namespaces with request bodies, break-glass
                   groups at RequestResponse, and a Metadata catch-all. PHI namespaces come from
                   --phi-namespace and from Namespaces labelled phiguard.dev/scope=phi in PATH.
encryption-config  an apiserver.config.k8s.io/v1 EncryptionConfiguration with KMS v2 first (no key in the file).

Options:
  --phi-namespace NS        a namespace holding PHI (repeatable)
  --break-glass-group G     the emergency-access group (repeatable)
  --kms-endpoint URL        the KMS v2 plugin socket (default unix:///var/run/kmsplugin/socket.sock)
  -o, --output FILE         write to FILE instead of standard output`;

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
  usage: USAGE,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
          'phi-namespace': { type: 'string', multiple: true },
          'break-glass-group': { type: 'string', multiple: true },
          'kms-endpoint': { type: 'string' },
          output: { type: 'string', short: 'o' },
        },
      });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { values, positionals } = parsed;
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
    } else {
      throw new UsageError(what === undefined ? 'say what to generate: audit-policy or encryption-config' : `cannot generate "${what}": use audit-policy or encryption-config`);
    }
    if (values.output !== undefined) {
      await writeFile(path.resolve(io.cwd, values.output), text, { mode: 0o600 });
    } else {
      io.stdout.write(text);
    }
    return 0;
  },
};
