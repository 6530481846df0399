import type { OptionSpecs } from '../options.js';
import { defineCommand } from '../options.js';

/** The broker's subcommands as data: parser and --help come from here (the modules that run them load on use). */
const common = {
  store: { type: 'string', value: 'STORE', help: 'trail store: SQLite file or postgres:// URL (default: access.store in the config)' },
  config: { type: 'string', short: 'c', value: 'FILE', help: 'configuration file with the access policy (default .phiguard.yaml)' },
  kubeconfig: { type: 'string', value: 'FILE', help: 'kubeconfig (default $KUBECONFIG, ~/.kube/config, in-cluster)' },
  context: { type: 'string', value: 'NAME', help: 'kubeconfig context (default the current one)' },
  'as-user': { type: 'string', value: 'NAME', help: 'act as NAME instead of the kubeconfig user (only when access.allowAsUser is true: tests, bots)' },
} as const satisfies OptionSpecs;

const role = {
  role: { type: 'string', value: 'ROLE', help: 'a Role in the namespace' },
  clusterrole: { type: 'string', value: 'CR', help: 'a ClusterRole, bound in the namespace only' },
} as const satisfies OptionSpecs;

const EXIT = 'Exit codes: 0 done; 1 refused by the policy or the request state; 2 usage, configuration, store or API errors.';

export const REQUEST_SPEC = defineCommand({
  name: 'access request', synopsis: '--role ROLE|--clusterrole CR --namespace NS --for 2h --reason "..."',
  summary: 'Ask for time-bound access in one namespace; the policy (access.rules) says who may ask for what, for how long, and who approves. Prints the request id.',
  options: {
    ...role,
    namespace: { type: 'string', short: 'n', value: 'NS', help: 'the namespace the grant is for' },
    for: { type: 'string', value: 'DURATION', help: 'how long, e.g. 30m, 2h, 1h30m' },
    reason: { type: 'string', value: 'TEXT', help: 'why (recorded; no PHI here)' },
    ticket: { type: 'string', value: 'T', help: 'change or incident ticket' },
    format: { type: 'string', short: 'f', value: 'text|json', help: 'output format (default text)' },
    ...common,
  },
  notes: [EXIT],
});

export const APPROVE_SPEC = defineCommand({
  name: 'access approve', synopsis: 'ID',
  summary: 'Approve a pending request; when it has all the approvals its rule needs, the grant RoleBinding is created. The requester can never approve their own request.',
  options: { note: { type: 'string', value: 'TEXT', help: 'recorded with the approval' }, ...common },
  notes: [EXIT, 'Test hook: PHIGUARD_ACCESS_TEST_PAUSE_AFTER_CREATE=MS waits MS milliseconds after creating the binding and before recording it (crash tests only).'],
});

export const DENY_SPEC = defineCommand({
  name: 'access deny', synopsis: 'ID',
  summary: 'Deny a pending request (an approver), or withdraw it (the requester).',
  options: { reason: { type: 'string', value: 'TEXT', help: 'why (recorded)' }, ...common },
  notes: [EXIT],
});

export const REVOKE_SPEC = defineCommand({
  name: 'access revoke', synopsis: 'ID',
  summary: 'End a grant now: the revocation is recorded, then the RoleBinding deleted (a crash in between is finished by reconcile).',
  options: { reason: { type: 'string', value: 'TEXT', help: 'why (recorded)' }, ...common },
  notes: [EXIT],
});

export const LIST_SPEC = defineCommand({
  name: 'access list', synopsis: '',
  summary: 'Requests and grants folded from the records in the trail: open ones, or all with --all.',
  options: {
    all: { type: 'boolean', help: 'also closed requests (denied, revoked, expired, repaired, tampered)' },
    format: { type: 'string', short: 'f', value: 'text|json', help: 'output format (default text)' },
    ...common,
  },
  notes: ['Exit codes: 0 listed; 2 usage, configuration or store errors.'],
});

export const BREAK_GLASS_SPEC = defineCommand({
  name: 'access break-glass', synopsis: '--namespace NS --reason "..."',
  summary: 'Emergency access now, with no approver, for the fixed maximum of access.breakGlass.maxDuration (default 1h), only for the users and groups of access.breakGlass. Every use is loud, recorded, and needs a post-hoc review (phiguard access review ID).',
  options: {
    namespace: { type: 'string', short: 'n', value: 'NS', help: 'the namespace' },
    reason: { type: 'string', value: 'TEXT', help: 'the emergency (recorded; no PHI here)' },
    ticket: { type: 'string', value: 'T', help: 'incident ticket' },
    ...role,
    format: { type: 'string', short: 'f', value: 'text|json', help: 'output format (default text)' },
    ...common,
  },
  notes: [EXIT],
});

export const RECONCILE_SPEC = defineCommand({
  name: 'access reconcile', synopsis: '',
  summary: 'Enforce the records on the cluster: delete expired grant bindings, remove grant bindings edited by hand (tampered) and bindings left without a granted record (repaired), and record each action.',
  options: {
    watch: { type: 'boolean', help: 'keep reconciling every --interval until SIGINT/SIGTERM' },
    interval: { type: 'string', value: 'DURATION', help: 'pause between passes with --watch (default 30s)' },
    grace: { type: 'string', value: 'DURATION', help: 'leave grants younger than this alone, another broker may be mid-way (default 1m; 0s for none)' },
    ...common,
  },
  notes: ['Exit codes: 0 nothing to do or all done; 2 usage, configuration, store or API errors.'],
});

export const REVIEW_SPEC = defineCommand({
  name: 'access review', synopsis: 'ID --note "..."',
  summary: 'Record the post-hoc review of a break-glass use (or any grant): who reviewed, when, the conclusion. HK-AL-006 stays raised for a break-glass use until it is reviewed; the break-glass user cannot review their own use.',
  options: { note: { type: 'string', value: 'TEXT', help: 'the conclusion of the review (required)' }, ...common },
  notes: [EXIT],
});

export const BROKER_SPECS = [REQUEST_SPEC, APPROVE_SPEC, DENY_SPEC, REVOKE_SPEC, LIST_SPEC, BREAK_GLASS_SPEC, RECONCILE_SPEC, REVIEW_SPEC] as const;
