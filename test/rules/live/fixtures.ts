// Builders for the live rules' test cases: what a cluster read shows.

/** The ClusterScan document a cluster read adds; `status` is its status block. */
export const scan = (status: string): string => `apiVersion: phiguard.dev/v1alpha1\nkind: ClusterScan\nmetadata:\n  name: prod\nstatus:\n${status}`;

/** Velero Schedule nightly; `status` is appended as given. */
export const schedule = (status: string): string => `apiVersion: velero.io/v1\nkind: Schedule\nmetadata:\n  name: nightly\n  namespace: velero\nspec:\n  schedule: "0 2 * * *"\n${status}`;

/** A Backup of Schedule nightly that ended in `phase` at `at`. */
export const backup = (name: string, phase: string, at: string): string =>
  `---\napiVersion: velero.io/v1\nkind: Backup\nmetadata:\n  name: ${name}\n  namespace: velero\n  labels:\n    velero.io/schedule-name: nightly\nstatus:\n  phase: ${phase}\n  startTimestamp: "${at}"\n  completionTimestamp: "${at}"\n`;
