/** `npm run bench`: every benchmark, one after the other, figures printed as plain lines. */
import { runScanBench } from './scan.js';

await runScanBench();
