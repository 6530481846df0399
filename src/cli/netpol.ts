import { buildNetworkModel, describeEndpoint, explainVerdict } from '../analysis/network/model.js';
import type { Protocol } from '../analysis/network/policy.js';
import { checkZones } from '../analysis/network/zones.js';
import type { PortVerdict } from '../analysis/network/open-ports.js';
import { describePort, openPorts } from '../analysis/network/open-ports.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { INPUT_OPTIONS, loadAnalysisInput, reportInputErrors } from './analysis-input.js';
import { defineCommand, helpText, parseCommand } from './options.js';

const portJson = (p: PortVerdict) => ({ port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}), ...(p.name ? { name: p.name } : {}) });

export const NETPOL_SPEC = defineCommand({
  name: 'netpol',
  synopsis: 'reach FROM TO [--port P] [--protocol TCP|UDP|SCTP] PATH...\n       phiguard netpol zones PATH...',
  summary: `Exact networking.k8s.io/v1 NetworkPolicy semantics over the manifests in PATH.

  reach   whether FROM may open a connection to TO, and the policies that decide it. FROM and TO are
          NAMESPACE/WORKLOAD or NAMESPACE/POD (or just NAME when unique), or an IP/CIDR such as
          8.8.8.8 for an address outside the cluster. --port is the destination port, a number
          or the name of a container port of TO; without it, the open ports are listed.
  zones   checks the zones of the configuration (zones: in .phiguard.yaml) and prints every path that breaks them.`,
  options: {
    port: { type: 'string', short: 'p', value: 'P', help: 'destination port number or container port name (default: list the open ports)' },
    protocol: { type: 'string', value: 'TCP|UDP|SCTP', help: '(default TCP)' },
    format: { type: 'string', short: 'f', value: 'text|json', help: 'output format (default text)' },
    ...INPUT_OPTIONS,
  },
  notes: [
    'Exit codes: reach: 0 allowed, 1 denied; zones: 0 none broken, 1 violations; 2 usage, configuration or input errors,',
    '            or a path NetworkPolicies cannot decide (a Cilium policy selects an end; the output says which).',
  ],
});

export const netpolCommand: Command = {
  name: 'netpol',
  usage: helpText(NETPOL_SPEC),
  specs: [NETPOL_SPEC],
  async run(argv, io) {
    const { values, positionals } = parseCommand(NETPOL_SPEC, argv);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
    const [sub, ...rest] = positionals;
    if (sub === 'reach') {
      const [from, to, ...paths] = rest;
      if (!from || !to) throw new UsageError('reach needs FROM and TO, e.g. "reach shop/frontend data/postgres --port 5432 manifests/"');
      const protocol = (values.protocol ?? 'TCP').toUpperCase();
      if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) throw new UsageError('--protocol must be TCP, UDP or SCTP');
      const numeric = values.port !== undefined && /^\d+$/.test(values.port) ? Number(values.port) : undefined;
      if (numeric !== undefined && !(numeric > 0 && numeric < 65536)) throw new UsageError(`--port must be 1-65535 or a container port name, not "${values.port}"`);
      if (values.port !== undefined && numeric === undefined && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(values.port)) throw new UsageError(`--port must be 1-65535 or a container port name, not "${values.port}"`);
      const input = await loadAnalysisInput(paths, values, io);
      reportInputErrors(input, io);
      const model = buildNetworkModel(input.inventory);
      let src, dst;
      try { src = model.endpoint(from); dst = model.endpoint(to); } catch (e) { throw new UsageError((e as Error).message); }
      const portName = values.port !== undefined && numeric === undefined ? values.port : undefined;
      let port = numeric;
      if (portName !== undefined) {
        // A named port is the destination's container port of that name, as a NetworkPolicy resolves it.
        const named = dst.kind === 'pod' ? dst.pod.ports.find((p) => p.name === portName && p.protocol === protocol) : undefined;
        if (!named) {
          const names = dst.kind === 'pod' ? dst.pod.ports.filter((p) => p.name).map((p) => `${p.name ?? ''}=${p.port}/${p.protocol}`) : [];
          throw new UsageError(`--port ${portName}: ${describeEndpoint(dst)} has no ${protocol} container port of that name${names.length ? ` (it has ${names.join(', ')})` : ''}`);
        }
        port = named.port;
      }
      const v = model.reach(src, dst, port, protocol as Protocol);
      const open = port === undefined && v.allowed && !v.undecided ? openPorts(model, src, dst, protocol as Protocol, v) : undefined;
      const checked = open && !open.anyPort ? open.ports : [];
      const openList = checked.filter((p) => p.verdict.allowed && !p.verdict.undecided);
      const unsure = checked.filter((p) => p.verdict.undecided);
      // Without a port, the reasons shown are those of the first open port.
      const shown = openList[0]?.verdict ?? v;
      const allowed = v.undecided ? undefined : v.allowed;
      const why = explainVerdict(shown) || 'neither end is a pod in the input';
      const portText = port !== undefined ? ` port ${port}/${protocol}${portName ? ` (${portName})` : ''}`
        : openList.length ? ` on ${openList.map((p) => describePort(p, protocol as Protocol)).join(', ')} only`
        : open && !open.anyPort && allowed ? ` on some ${protocol} port neither the policies nor the destination name`
        : ` (any ${protocol} port)`;
      const unsureText = unsure.length ? `\n  undecided on ${unsure.map((p) => describePort(p, protocol as Protocol)).join(', ')}: ${unsure[0]?.verdict.undecided ?? ''}` : '';
      if (format === 'json') {
        const side = (d: typeof v.egress) => d && { isolated: d.isolated, allowed: d.undecided ? null : d.allowed, ...(d.undecided ? { undecided: d.undecided } : {}),
          allowedBy: d.allowedBy.map((r) => ({ policy: `${r.policy.namespace}/${r.policy.name}`, rule: `${r.rule.direction}[${r.rule.index}]`, file: r.policy.resource.origin.file, line: r.policy.resource.origin.line })),
          isolatedBy: d.isolatedBy.map((p) => `${p.namespace}/${p.name}`) };
        io.stdout.write(JSON.stringify({
          from: describeEndpoint(src), to: describeEndpoint(dst), port: port ?? null, ...(portName ? { portName } : {}), protocol, allowed: allowed ?? null,
          ...(v.undecided ? { undecided: v.undecided } : {}),
          ...(open ? { anyPort: open.anyPort, openPorts: openList.map(portJson), ...(unsure.length ? { undecidedPorts: unsure.map(portJson) } : {}) } : {}),
          egress: side(shown.egress) ?? null, ingress: side(shown.ingress) ?? null,
        }, null, 2) + '\n');
      } else {
        const verdict = allowed === undefined ? 'UNDECIDED' : allowed ? 'ALLOWED' : 'DENIED';
        io.stdout.write(`${verdict}: ${describeEndpoint(src)} → ${describeEndpoint(dst)}${portText}\n  ${why.split('; ').join('\n  ')}${unsureText}\n`);
      }
      if (input.errors.length || allowed === undefined) return 2;
      return allowed ? 0 : 1;
    }
    if (sub === 'zones') {
      const input = await loadAnalysisInput(rest, values, io);
      reportInputErrors(input, io);
      if (input.config.zones.length === 0) throw new UsageError('no zones in the configuration: add zones: to .phiguard.yaml or pass --config');
      const violations = checkZones(buildNetworkModel(input.inventory), input.config.zones);
      if (format === 'json') {
        io.stdout.write(JSON.stringify(violations.map((z) => ({ zone: z.zone, from: `${z.from.namespace}/${z.from.name}`, to: z.to ? `${z.to.namespace}/${z.to.name}` : 'internet', toZone: z.toZone ?? null, port: z.port ?? null, why: z.why, ...(z.undecided ? { undecided: true } : {}) })), null, 2) + '\n');
      } else if (violations.length === 0) io.stdout.write(`All ${input.config.zones.length} zone(s) hold.\n`);
      else for (const z of violations) io.stdout.write(`zone ${z.zone}: ${z.from.namespace}/${z.from.name} → ${z.to ? `${z.to.namespace}/${z.to.name} (zone ${z.toZone ?? '?'})${z.port ? ` port ${z.port}` : ''}` : 'internet'}${z.undecided ? ' UNDECIDED' : ''}\n  ${z.why}\n`);
      if (input.errors.length) return 2;
      if (violations.some((z) => !z.undecided)) return 1;
      return violations.length ? 2 : 0;
    }
    throw new UsageError(sub ? `unknown netpol subcommand "${sub}"` : 'give a subcommand: reach or zones');
  },
};
