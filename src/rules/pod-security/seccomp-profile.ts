import type { ContainerNode, PodSpecNode } from '../../core/inventory.js';
import { asObject, asString } from '../../core/resource.js';
import { defineRule } from '../../core/rule.js';
import type { Severity } from '../../catalog/severity.js';
import {
  containerSecurityContext, isWindowsPod, ownerOf, podAnnotations, podAnnotationsPath, podSecurityContext, podSpecPath, setFieldOp,
} from '../support/security-context.js';

export const POD_SECCOMP_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const CONTAINER_SECCOMP_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

type Verdict = 'confined' | 'unconfined' | 'invalid';

/** Where a profile was declared and what it amounts to. */
interface Declared { readonly value: string; readonly verdict: Verdict; readonly path: string; readonly source: string }

function fieldVerdict(type: string): Verdict {
  return type === 'RuntimeDefault' || type === 'Localhost' ? 'confined' : type === 'Unconfined' ? 'unconfined' : 'invalid';
}

function annotationVerdict(value: string): Verdict {
  if (value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/')) return 'confined';
  return value === 'unconfined' ? 'unconfined' : 'invalid';
}

function fromField(sc: ReturnType<typeof podSecurityContext>, base: string, source: string): Declared | undefined {
  const profile = asObject(sc?.['seccompProfile']);
  if (!profile) return undefined;
  const type = asString(profile['type']) ?? '';
  return { value: type || '(no type)', verdict: fieldVerdict(type), path: `${base}/securityContext/seccompProfile` + (type ? '/type' : ''), source };
}

function fromAnnotation(pod: PodSpecNode, key: string): Declared | undefined {
  const value = podAnnotations(pod)[key];
  return value === undefined ? undefined : { value, verdict: annotationVerdict(value), path: podAnnotationsPath(pod, key), source: `annotation ${key}` };
}

/** Whether the pod has annotations at all: the per-container key is only built when there is something to look in. */
function hasAnnotations(pod: PodSpecNode): boolean {
  for (const _key in podAnnotations(pod)) return true;
  return false;
}

/** The pod-level profile: the field wins over the legacy annotation, as in the kubelet. */
function podLevel(pod: PodSpecNode): Declared | undefined {
  return fromField(podSecurityContext(pod), podSpecPath(pod), 'pod securityContext') ??
    fromAnnotation(pod, POD_SECCOMP_ANNOTATION);
}

function containerLevel(c: ContainerNode): Declared | undefined {
  return fromField(containerSecurityContext(c), c.path, 'container securityContext') ??
    (hasAnnotations(c.pod) ? fromAnnotation(c.pod, CONTAINER_SECCOMP_ANNOTATION + c.name) : undefined);
}

export default defineRule({
  meta: {
    id: 'HK-PS-011',
    slug: 'seccomp-profile',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      unconfined: '{{where}} of {{owner}} turns seccomp off ({{source}} is {{value}}).',
      invalid: '{{where}} of {{owner}} names seccomp profile {{value}} in its {{source}}, which is neither RuntimeDefault nor Localhost.',
      unset: 'Container "{{name}}" of {{owner}} has no seccomp profile at container or pod level, so it runs unconfined{{mitigation}}.',
    },
  },
  create(context) {
    const nodeDefault = (): boolean =>
      context.inventory.ofKind('KubeletConfiguration').some((k) => k.object['seccompDefault'] === true);
    const reportDeclared = (pod: PodSpecNode, d: Declared, where: string): void => {
      if (d.verdict === 'confined') return;
      context.report({ resource: pod.resource, path: d.path, messageId: d.verdict, data: { where, owner: ownerOf(pod), source: d.source, value: d.value } });
    };
    return {
      podSpec(pod) {
        const declared = podLevel(pod);
        if (declared) reportDeclared(pod, declared, 'The pod');
      },
      container(c) {
        const own = containerLevel(c);
        if (own) {
          reportDeclared(c.pod, own, `Container "${c.name}"`);
          return;
        }
        // A pod-level profile is inherited; an unconfined one was already reported on the pod.
        if (podLevel(c.pod) !== undefined) return;
        // Seccomp is Linux-only; PSS exempts pods that declare os.name=windows.
        if (isWindowsPod(c.pod)) return;
        const mitigated = nodeDefault();
        const severity: Severity | undefined = mitigated ? 'low' : undefined;
        const sc = containerSecurityContext(c);
        context.report({
          resource: c.pod.resource,
          path: sc ? `${c.path}/securityContext` : c.path,
          messageId: 'unset',
          data: { name: c.name, owner: ownerOf(c.pod), mitigation: mitigated ? ' unless the node\'s kubelet applies seccompDefault (it does in the supplied KubeletConfiguration)' : '' },
          ...(severity ? { severity } : {}),
          fix: { description: `set seccompProfile.type: RuntimeDefault on container "${c.name}"`,
            patch: [setFieldOp(c.path, c.container, ['securityContext', 'seccompProfile'], { type: 'RuntimeDefault' })] },
        });
      },
    };
  },
});
