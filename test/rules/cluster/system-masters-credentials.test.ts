import { ruleTester } from '../../support/rule-tester.js';
import systemMastersCredentials from '../../../src/rules/cluster/system-masters-credentials.js';

const CERT = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ2akNDQVdPZ0F3SUJBZ0lVSXJmemM4eURrZ1dKOXN6RDdKUWcwRXBHSlBBd0NnWUlLb1pJemowRUF3SXcKTkRFWE1CVUdBMVVFQ2d3T2MzbHpkR1Z0T20xaGMzUmxjbk14R1RBWEJnTlZCQU1NRUd0MVltVnlibVYwWlhNdApZV1J0YVc0d0hoY05Nall4TVRJeU1EVXhPRFEzV2hjTk16WXhNVEU1TURVeE9EUTNXakEwTVJjd0ZRWURWUVFLCkRBNXplWE4wWlcwNmJXRnpkR1Z5Y3pFWk1CY0dBMVVFQXd3UWEzVmlaWEp1WlhSbGN5MWhaRzFwYmpCWk1CTUcKQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQUJEUHRVaGxKamRlS1VxblQ3cGZrQlQ2c0ZROVBpQUM5MzNUSgpHMkJJOWpDWDB0R2dLVE9zTnY0L1BLekdrLzlmNEVmcUZ1V0Y0bFVKSTFCZ0czcDV3dCtqVXpCUk1CMEdBMVVkCkRnUVdCQlJETVZ6Q3lLWEJwVURMc1ZIRmNUbWRrK0Z4bFRBZkJnTlZIU01FR0RBV2dCUkRNVnpDeUtYQnBVREwKc1ZIRmNUbWRrK0Z4bFRBUEJnTlZIUk1CQWY4RUJUQURBUUgvTUFvR0NDcUdTTTQ5QkFNQ0Ewa0FNRVlDSVFDMwpkdGowRFNwYVJlMEUySlRtMmJ4VmkyREFEV25TOHo2T2dlQWNUdzFkUWdJaEFLYTFrYUkrbG1WTWsybTc1aTB3CjNVT1JNbnVhKzk3WEt0TmVoWHFqRXBvNgotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==';
const kubeconfig = (cert: string): string => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://k8s.example:6443"}}]
users:
- name: admin
  user: {client-certificate-data: ${cert}}
`;

ruleTester(systemMastersCredentials, {
  valid: [{ name: 'token user', yaml: 'apiVersion: v1\nkind: Config\nusers: [{name: a, user: {exec: {command: aws}}}]\n' }],
  invalid: [{ name: 'system:masters certificate', yaml: kubeconfig(CERT), errors: [{ messageId: 'masters', contains: 'CN=kubernetes-admin', path: '/users/0/user/client-certificate-data' }] }],
});
