/** `npm run bench`: every benchmark, one after the other, figures printed as plain lines. */
import { runAnalysisBench } from './analysis.js';
import { runAuditBench } from './audit.js';
import { runClusterBench } from './cluster.js';
import { runFuzzBench } from './fuzz.js';
import { runHtmlReportBench } from './html-report.js';
import { runPathologicalBench } from './pathological.js';
import { runScanBench } from './scan.js';
import { runWebhookBench } from './webhook.js';

const only = process.argv[2];
// `run.js scan SHAPE` runs only the scan shapes whose name holds SHAPE.
if (!only || only === 'scan') await runScanBench(undefined, process.argv[3]);
if (!only || only === 'pathological') runPathologicalBench();
if (!only || only === 'fuzz') runFuzzBench();
if (!only || only === 'analysis') await runAnalysisBench();
if (!only || only === 'audit') await runAuditBench();
if (!only || only === 'webhook') await runWebhookBench();
if (!only || only === 'html-report') await runHtmlReportBench();
if (!only || only === 'cluster') await runClusterBench();
