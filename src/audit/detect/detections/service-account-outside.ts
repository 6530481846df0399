import { addressIn, NON_PUBLIC } from '../../../core/ip.js';
import { isServiceAccount } from '../../event.js';
import type { EventRule } from '../event-rule.js';
import { hour, judged, nsScope } from '../event-rule.js';

const INTERACTIVE_AGENT = /^(kubectl|curl|wget|mozilla|postmanruntime|python-requests|httpie|insomnia|k9s|lens|openlens|headlamp)\b/i;

export const meta = { id: 'HK-AL-008' } as const;

/** HK-AL-008: SA token used outside cluster. */
export const serviceAccountOutside: EventRule = (v, o) => {
  if (!judged(v)) return undefined;
  if (v.user.username.startsWith('system:node:')) {
    // Kubelets talk from node addresses; a node credential from a public one has left the node.
    const from = v.sourceIPs[v.sourceIPs.length - 1] ?? '';
    if (from === '' || addressIn(from, NON_PUBLIC) || addressIn(from, o.clusterCidrs)) return undefined;
    return { key: `${v.user.username}/${from}/${hour(v)}`, path: '/sourceIPs', phi: nsScope(v, o),
      message: `node credential ${v.user.username} was used from ${from}, a public address outside the cluster networks` };
  }
  if (!isServiceAccount(v.user.username)) return undefined;
  const ip = v.sourceIPs[v.sourceIPs.length - 1] ?? '';
  const outside = ip !== '' && !addressIn(ip, o.clusterCidrs);
  const interactive = INTERACTIVE_AGENT.test(v.userAgent);
  if (!outside && !interactive) return undefined;
  const why = outside ? `from ${ip}, outside the cluster networks` : `from an interactive client (${v.userAgent.split(' ')[0]})`;
  return { key: `${v.user.username}/${ip}/${v.userAgent.split(' ')[0]}/${hour(v)}`, path: outside ? '/sourceIPs' : '/userAgent', phi: nsScope(v, o),
    message: `service account token ${v.user.username} was used ${why}` };
};
