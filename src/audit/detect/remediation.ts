/** Remediation text for the HK-AL controls, used when the catalog entry has none. */
export const AL_REMEDIATION: Readonly<Record<string, string>> = {
  'HK-AL-001': 'Find the source or user behind the burst; block or rotate the credential if it is not an expected client, and alert on repeats.',
  'HK-AL-002': 'Run the API server with --anonymous-auth=false (or limit anonymous access to health endpoints) and remove RBAC bindings to system:anonymous or system:unauthenticated.',
  'HK-AL-003': 'Confirm each Secret read in PHI namespaces had a ticket; remove standing get/list/watch on secrets from human roles and grant it just in time.',
  'HK-AL-004': 'Review each interactive session into PHI pods; restrict pods/exec, pods/attach and pods/portforward to a just-in-time role and record sessions at the gateway.',
  'HK-AL-005': 'Confirm every RBAC change was approved; revert unapproved grants (especially cluster-admin bindings) and restrict impersonate to the access gateway.',
  'HK-AL-006': 'Open the post-incident review for each break-glass use: who, why, what was touched; then revoke the session and rotate the credential.',
  'HK-AL-007': 'Stop using system:masters or shared admin kubeconfigs; give people individual identities through SSO and keep the admin credential sealed for emergencies.',
  'HK-AL-008': 'Treat the token as leaked: rotate it (delete the Secret or shorten projected token lifetimes), and give people their own identities instead of service account tokens.',
  'HK-AL-009': 'Restore the safeguard (PSA labels, NetworkPolicy, admission webhook or collector), find who removed it and why, and protect these objects with RBAC and admission.',
  'HK-AL-010': 'Remove bindings for subjects that have not used their access within the review period, or document why they must stay.',
  'HK-AL-011': 'Check the API server audit backend and the receiver for the silent period: webhook errors, dropped batches, restarts; record the incident.',
};
