import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildExposureModel } from '../analysis/exposure/model.js';
import { buildMeshModel } from '../analysis/exposure/mesh.js';
import { buildFlowMap } from '../analysis/exposure/flow-map.js';
import { renderDot, renderMermaid, renderSvg } from '../analysis/exposure/flow-render.js';
import { buildNetworkModel } from '../analysis/network/model.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { INPUT_OPTIONS, loadAnalysisInput, reportInputErrors } from './analysis-input.js';
import { defineCommand, helpText, parseCommand } from './options.js';

const RENDER = { mermaid: renderMermaid, dot: renderDot, svg: renderSvg } as const;

export const MAP_SPEC = defineCommand({
  name: 'map',
  synopsis: 'PATH...',
  summary: `Draws the PHI flow of the manifests in PATH: internet → entry points (Ingress, Route, Gateway, LoadBalancer,
NodePort, externalIPs) → Services → workloads → data tier, and workload → workload calls through a Service
(its address in the caller's env, args or ConfigMaps, or a NetworkPolicy rule written for the caller). Each edge
says whether it is encrypted (TLS, mesh mTLS, plaintext, unknown) and whether NetworkPolicy allows it (unknown
where a Cilium policy decides). An empty map says why, in every format.`,
  options: {
    format: { type: 'string', short: 'f', value: 'mermaid|dot|svg', help: 'output format (default mermaid); svg is self-contained' },
    output: { type: 'string', short: 'o', value: 'FILE', help: 'write to FILE instead of standard output' },
    ...INPUT_OPTIONS,
  },
  notes: ['Exit codes: 0 drawn; 2 usage, configuration or input errors.'],
});

export const mapCommand: Command = {
  name: 'map',
  usage: helpText(MAP_SPEC),
  specs: [MAP_SPEC],
  async run(argv, io) {
    const { values, positionals } = parseCommand(MAP_SPEC, argv);
    const format = values.format ?? 'mermaid';
    if (format !== 'mermaid' && format !== 'dot' && format !== 'svg') throw new UsageError('--format must be mermaid, dot or svg');
    const input = await loadAnalysisInput(positionals, values, io);
    reportInputErrors(input, io);
    const network = buildNetworkModel(input.inventory);
    const mesh = buildMeshModel(input.inventory);
    const map = buildFlowMap(input.inventory, network, buildExposureModel(input.inventory, network, mesh), mesh);
    const text = RENDER[format](map);
    if (values.output) await writeFile(path.resolve(io.cwd, values.output), text);
    else io.stdout.write(text);
    return input.errors.length ? 2 : 0;
  },
};
