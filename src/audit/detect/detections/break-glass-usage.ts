import type { EventRule } from '../event-rule.js';
import { hour, judged, nsScope } from '../event-rule.js';

function bindingOfReason(reason: string): string | undefined {
  const m = /(?:Cluster)?RoleBinding "([^"]+)"/.exec(reason);
  return m?.[1];
}

export const meta = { id: 'HK-AL-006' } as const;

/** HK-AL-006: Break-glass usage. */
export const breakGlass: EventRule = (v, o) => {
  if (!judged(v)) return undefined;
  const groups = [...v.user.groups, ...(v.impersonatedUser?.groups ?? [])];
  const group = groups.find((g) => o.breakGlassGroups.includes(g));
  const user = [v.user.username, v.impersonatedUser?.username ?? ''].find((u) => u !== '' && o.breakGlassUsers.includes(u));
  const binding = bindingOfReason(v.reason);
  const viaBinding = binding !== undefined && (o.breakGlassBindings.includes(binding) || o.breakGlassBindings.includes(binding.split('/')[0] as string));
  if (!group && !user && !viaBinding) return undefined;
  const how = group ? `as member of break-glass group ${group}` : user ? 'with a break-glass identity' : `through break-glass binding ${binding}`;
  return { key: `${v.actor}/${hour(v)}`, path: group ? '/user/groups' : user ? '/user/username' : '/annotations/authorization.k8s.io~1reason', phi: nsScope(v, o),
    message: `${v.actor} used break-glass access ${how}` };
};
