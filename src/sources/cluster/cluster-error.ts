/** A problem reaching or reading the cluster that stops the scan (exit 2), said plainly. */
export class ClusterError extends Error {}
