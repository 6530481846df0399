import { accessMatrix, MATRIX_CAPABILITIES } from '../analysis/rbac/access-matrix.js';
import { CAPABILITIES } from '../analysis/rbac/capabilities.js';
import { buildRbacModel } from '../analysis/rbac/model.js';
import { standingHumanAccess } from '../analysis/rbac/jit-access.js';
import { parseResourceSpec, whoCan } from '../analysis/rbac/who-can.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { INPUT_OPTIONS, loadAnalysisInput, reportInputErrors } from './analysis-input.js';
import { csvCell } from '../core/escape.js';
import { BROKER_SPECS } from './access/specs.js';
import { defineCommand, helpText, parseCommand } from './options.js';

/** The just-in-time broker's subcommands; each module loads only when it runs. */
const BROKER: Readonly<Record<string, () => Promise<(argv: readonly string[], io: CliIo) => Promise<number>>>> = {
  request: async () => (await import('./access/request.js')).runRequest,
  approve: async () => (await import('./access/decide.js')).runApprove,
  deny: async () => (await import('./access/decide.js')).runDeny,
  revoke: async () => (await import('./access/revoke.js')).runRevoke,
  list: async () => (await import('./access/list.js')).runList,
  'break-glass': async () => (await import('./access/break-glass.js')).runBreakGlass,
  reconcile: async () => (await import('./access/reconcile.js')).runReconcile,
  review: async () => (await import('./access/review.js')).runReview,
};

const RBAC_INTRO = `Effective RBAC from the manifests or cluster dump in PATH (aggregated ClusterRoles, RoleBindings to
ClusterRoles, wildcards, subresources, resourceNames, and the built-in cluster-admin/admin/edit/view).`;

const FORMAT = { type: 'string', short: 'f', value: 'text|json|csv', help: 'output format (default text)' } as const;

export const WHO_CAN_SPEC = defineCommand({
  name: 'access who-can',
  synopsis: 'VERB RESOURCE PATH...',
  summary: `Every subject that may VERB RESOURCE (e.g. get secrets, create pods/exec, patch deployments.apps),
with the binding, role and rule that grant it; --namespace NS limits to grants that apply in NS.
${RBAC_INTRO}`,
  options: {
    namespace: { type: 'string', short: 'n', value: 'NS', help: 'the namespace asked about (default: anywhere)' },
    name: { type: 'string', value: 'NAME', help: 'one object name (resourceNames are then decided)' },
    format: FORMAT,
    ...INPUT_OPTIONS,
  },
  notes: ['Exit codes: 0 answered; 2 usage, configuration or input errors.'],
});

export const MATRIX_SPEC = defineCommand({
  name: 'access matrix',
  synopsis: 'PATH...',
  summary: `Subjects against PHI namespaces: read Secrets, exec/attach/port-forward, create workloads,
change RBAC, impersonate, each with the bindings that grant it.
${RBAC_INTRO}`,
  options: { format: FORMAT, ...INPUT_OPTIONS },
  notes: ['Exit codes: 0 answered; 2 usage, configuration or input errors.'],
});

const RBAC_SPECS = [WHO_CAN_SPEC, MATRIX_SPEC] as const;

const USAGE = `${RBAC_SPECS.map((s) => helpText(s)).join('\n\n')}

Just-in-time access (time-bound RoleBindings, every step recorded in the audit trail's Merkle log):
${BROKER_SPECS.map((s) => `  phiguard ${s.name}${s.synopsis ? ` ${s.synopsis}` : ''}`).join('\n')}

${BROKER_SPECS.map((s) => helpText(s)).join('\n\n')}`;

export const accessCommand: Command = {
  name: 'access',
  usage: USAGE,
  specs: [...RBAC_SPECS, ...BROKER_SPECS],
  help: (argv) => {
    const spec = argv[0] !== undefined ? [...RBAC_SPECS, ...BROKER_SPECS].find((s) => s.name === `access ${argv[0]}`) : undefined;
    return spec ? helpText(spec) : USAGE;
  },
  async run(argv, io) {
    const broker = argv[0] !== undefined ? BROKER[argv[0]] : undefined;
    if (broker) return runBroker(await broker(), argv.slice(1), io);
    const { values, positionals } = parseCommand(WHO_CAN_SPEC, argv); // a superset of matrix's: matrix has always ignored --namespace and --name
    const [sub, ...rest] = positionals;
    const format = values.format ?? 'text';
    if (!['text', 'json', 'csv'].includes(format)) throw new UsageError('--format must be text, json or csv');
    if (sub === 'who-can') {
      const [verb, resource, ...paths] = rest;
      if (!verb || !resource) throw new UsageError('who-can needs VERB and RESOURCE, e.g. "who-can get secrets manifests/"');
      let req;
      try { req = parseResourceSpec(verb, resource, values.name); } catch (e) { throw new UsageError((e as Error).message); }
      const input = await loadAnalysisInput(paths, values, io);
      reportInputErrors(input, io);
      const answers = whoCan(buildRbacModel(input.inventory), req, values.namespace, Date.now());
      if (format === 'json') io.stdout.write(JSON.stringify({ verb: req.verb, group: req.group, resource: req.resource, subresource: req.subresource ?? null, namespace: values.namespace ?? null, answers, standing: answers.filter((a) => a.access === 'standing'), jit: answers.filter((a) => a.access === 'jit') }, null, 2) + '\n');
      else if (format === 'csv') {
        io.stdout.write('subject,where,binding,via,rule,restrictedTo,file,line\n');
        for (const a of answers) io.stdout.write([a.subject, a.where, a.binding, a.via, a.rule, (a.restrictedTo ?? []).join(' '), a.file, String(a.line)].map(csvCell).join(',') + '\n');
      } else {
        const what = `${req.verb} ${req.resource}${req.subresource ? '/' + req.subresource : ''}${req.group ? ` (${req.group})` : ''}${values.namespace ? ` in namespace ${values.namespace}` : ''}`;
        if (answers.length === 0) io.stdout.write(`Nobody in the input can ${what}.\n`);
        else {
          io.stdout.write(`${answers.length} grant(s) allow ${what}:\n`);
          for (const a of answers) {
            io.stdout.write(`  ${a.subject}  [${a.where}]${a.restrictedTo ? `  only names: ${a.restrictedTo.join(', ')}` : ''}${a.grant ? `  just-in-time: request ${a.grant.requestId}${a.grant.requester ? ` by ${a.grant.requester}` : ''}, ${a.grant.state === 'no-expiry' ? 'NO EXPIRY (not a valid grant)' : `expires ${a.grant.expires ?? ''}${a.grant.state === 'expired' ? ' EXPIRED, still bound' : ''}`}` : '  standing'}\n    ${a.binding} (${a.file}:${a.line}) → ${a.via}: ${a.rule}\n`);
          }
        }
      }
      return input.errors.length ? 2 : 0;
    }
    if (sub === 'matrix') {
      const input = await loadAnalysisInput(rest, values, io);
      reportInputErrors(input, io);
      const model = buildRbacModel(input.inventory);
      const m = accessMatrix(model, input.inventory);
      const standing = standingHumanAccess(model, input.inventory, Date.now());
      if (format === 'json') io.stdout.write(JSON.stringify({ ...m, standingHumanAccess: standing }, null, 2) + '\n');
      else if (format === 'csv') {
        io.stdout.write(`subject,namespace,${MATRIX_CAPABILITIES.join(',')}\n`);
        const rows = new Map<string, Set<string>>();
        for (const c of m.cells) {
          const k = `${c.subject}\u0000${c.namespace}`;
          let caps = rows.get(k);
          if (!caps) rows.set(k, (caps = new Set()));
          caps.add(c.capability);
        }
        for (const [k, caps] of rows) {
          const [subject = '', ns = ''] = k.split('\u0000');
          io.stdout.write([subject, ns, ...MATRIX_CAPABILITIES.map((c) => (caps.has(c) ? 'yes' : ''))].map(csvCell).join(',') + '\n');
        }
      } else {
        if (m.namespaces.length === 0) io.stdout.write('No namespace is in PHI scope in the input.\n');
        if (m.namespaces.length > 0) io.stdout.write(`Standing human access to PHI Secrets/exec: ${standing.count}${standing.count > 0 ? ` (${standing.subjects.join(', ')})` : ''}${standing.breakGlass.length > 0 ? `; ${standing.breakGlass.length} more through break-glass bindings` : ''}\n`);
        if (m.namespaces.length > 0 && m.cells.length === 0) io.stdout.write(`Nobody can ${MATRIX_CAPABILITIES.map((c) => CAPABILITIES[c].label).join(', ')} in ${m.namespaces.join(', ')}.\n`);
        let last = '';
        for (const c of m.cells) {
          if (c.subject !== last) { io.stdout.write(`${c.subject}\n`); last = c.subject; }
          io.stdout.write(`  ${c.namespace}: ${CAPABILITIES[c.capability].label}\n${c.via.map((v) => `      via ${v}\n`).join('')}`);
        }
      }
      return input.errors.length ? 2 : 0;
    }
    throw new UsageError(sub ? `unknown access subcommand "${sub}"` : `give a subcommand: who-can, matrix, ${Object.keys(BROKER).join(', ')}`);
  },
};

/** A refusal by the policy or the request's state is exit 1 with its reason; other errors go to main (exit 2). */
async function runBroker(fn: (argv: readonly string[], io: CliIo) => Promise<number>, argv: readonly string[], io: CliIo): Promise<number> {
  const { AccessRefused } = await import('./access/context.js');
  try {
    return await fn(argv, io);
  } catch (e) {
    if (!(e instanceof AccessRefused)) throw e;
    io.stderr.write(`phiguard access: ${e.message}\n`);
    return 1;
  }
}
