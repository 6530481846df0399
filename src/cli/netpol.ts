import { buildNetworkModel, describeEndpoint, explainVerdict } from '../analysis/network/model.js';
import type { Protocol } from '../analysis/network/policy.js';
import { checkZones } from '../analysis/network/zones.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { loadAnalysisInput, parseCommandArgs, reportInputErrors } from './analysis-input.js';

const USAGE = `Usage: phiguard netpol reach FROM TO [--port P] [--protocol TCP|UDP|SCTP] PATH...
       phiguard netpol zones PATH...

Exact networking.k8s.io/v1 NetworkPolicy semantics over the manifests in PATH.

  reach   whether FROM may open a connection to TO, and the policies that decide it. FROM and TO are
          NAMESPACE/WORKLOAD or NAMESPACE/POD (or just NAME when unique), or an IP/CIDR such as
          8.8.8.8 for an address outside the cluster. --port is the destination container port.
  zones   checks the zones of the configuration (zones: in .phiguard.yaml) and prints every path that breaks them.

Options:
  -p, --port P                  destination port (default: any port)
      --protocol TCP|UDP|SCTP   (default TCP)
  -f, --format text|json        output format (default text)
  -c, --config FILE             configuration file (default .phiguard.yaml when present)
      --phi-namespace NS        put namespace NS in PHI scope (repeatable)
      --default-namespace NS    namespace of resources that name none (default "default")

Exit codes: reach: 0 allowed, 1 denied; zones: 0 none broken, 1 violations; 2 usage, configuration or input errors.`;

export const netpolCommand: Command = {
  name: 'netpol',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string', short: 'p' },
      protocol: { type: 'string' },
      format: { type: 'string', short: 'f' },
    });
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
    const [sub, ...rest] = positionals;
    if (sub === 'reach') {
      const [from, to, ...paths] = rest;
      if (!from || !to) throw new UsageError('reach needs FROM and TO, e.g. "reach shop/frontend data/postgres --port 5432 manifests/"');
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new UsageError(`--port must be 1-65535, not "${values.port}"`);
      const protocol = (values.protocol ?? 'TCP').toUpperCase();
      if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) throw new UsageError('--protocol must be TCP, UDP or SCTP');
      const input = await loadAnalysisInput(paths, values, io);
      reportInputErrors(input.errors, io);
      const model = buildNetworkModel(input.inventory);
      let src, dst;
      try { src = model.endpoint(from); dst = model.endpoint(to); } catch (e) { throw new UsageError((e as Error).message); }
      const v = model.reach(src, dst, port, protocol as Protocol);
      const why = explainVerdict(v) || 'neither end is a pod in the input';
      if (format === 'json') {
        const side = (d: typeof v.egress) => d && { isolated: d.isolated, allowed: d.allowed,
          allowedBy: d.allowedBy.map((r) => ({ policy: `${r.policy.namespace}/${r.policy.name}`, rule: `${r.rule.direction}[${r.rule.index}]`, file: r.policy.resource.origin.file, line: r.policy.resource.origin.line })),
          isolatedBy: d.isolatedBy.map((p) => `${p.namespace}/${p.name}`) };
        io.stdout.write(JSON.stringify({ from: describeEndpoint(src), to: describeEndpoint(dst), port: port ?? null, protocol, allowed: v.allowed, egress: side(v.egress) ?? null, ingress: side(v.ingress) ?? null }, null, 2) + '\n');
      } else {
        io.stdout.write(`${v.allowed ? 'ALLOWED' : 'DENIED'}: ${describeEndpoint(src)} → ${describeEndpoint(dst)}${port ? ` port ${port}/${protocol}` : ` (any ${protocol} port)`}\n  ${why.split('; ').join('\n  ')}\n`);
      }
      if (input.errors.length) return 2;
      return v.allowed ? 0 : 1;
    }
    if (sub === 'zones') {
      const input = await loadAnalysisInput(rest, values, io);
      reportInputErrors(input.errors, io);
      if (input.config.zones.length === 0) throw new UsageError('no zones in the configuration: add zones: to .phiguard.yaml or pass --config');
      const violations = checkZones(buildNetworkModel(input.inventory), input.config.zones);
      if (format === 'json') {
        io.stdout.write(JSON.stringify(violations.map((z) => ({ zone: z.zone, from: `${z.from.namespace}/${z.from.name}`, to: z.to ? `${z.to.namespace}/${z.to.name}` : 'internet', toZone: z.toZone ?? null, port: z.port ?? null, why: z.why })), null, 2) + '\n');
      } else if (violations.length === 0) io.stdout.write(`All ${input.config.zones.length} zone(s) hold.\n`);
      else for (const z of violations) io.stdout.write(`zone ${z.zone}: ${z.from.namespace}/${z.from.name} → ${z.to ? `${z.to.namespace}/${z.to.name} (zone ${z.toZone ?? '?'})${z.port ? ` port ${z.port}` : ''}` : 'internet'}\n  ${z.why}\n`);
      if (input.errors.length) return 2;
      return violations.length ? 1 : 0;
    }
    throw new UsageError(sub ? `unknown netpol subcommand "${sub}"` : 'give a subcommand: reach or zones');
  },
};
