import type { FixOp } from '../../core/finding.js';
import type { ContainerNode, PodSpecNode } from '../../core/inventory.js';
import type { JsonObject, JsonValue } from '../../core/resource.js';
import { asObject, asString, pointerOf, stringMap } from '../../core/resource.js';

/** The pod-level securityContext of a pod template, when it has one. */
export function podSecurityContext(pod: PodSpecNode): JsonObject | undefined {
  return asObject(pod.template.spec['securityContext']);
}

/** The container-level securityContext, when the container has one. */
export function containerSecurityContext(c: ContainerNode): JsonObject | undefined {
  return asObject(c.container['securityContext']);
}

/** JSON pointer of the pod spec inside the owning resource. */
export function podSpecPath(pod: PodSpecNode): string {
  return `${pod.template.path}/spec`;
}

/** Annotations of the pod (template) metadata, where the legacy seccomp and AppArmor annotations live. */
export function podAnnotations(pod: PodSpecNode): Record<string, string> {
  return stringMap(pod.template.metadata['annotations']);
}

/** JSON pointer of the pod (template) annotations inside the owning resource. */
export function podAnnotationsPath(pod: PodSpecNode, key?: string): string {
  const base = `${pod.template.path}/metadata/annotations`;
  return key === undefined ? base : base + pointerOf([key]);
}

/** Pods declaring spec.os.name=windows are exempt from the Linux-only restricted checks (PSS, v1.25+). */
export function isWindowsPod(pod: PodSpecNode): boolean {
  return asString(asObject(pod.template.spec['os'])?.['name']) === 'windows';
}

/** How a workload is named in messages, e.g. `Deployment "web"`. */
export function ownerOf(pod: PodSpecNode): string {
  return `${pod.resource.ref.kind} "${pod.resource.ref.name}"`;
}

/**
 * The JSON patch op that sets `segments` below `base` to `value`, adding only the missing parents
 * (RFC 6902 `add` needs the parent to exist).
 */
export function setFieldOp(base: string, node: JsonObject, segments: readonly string[], value: JsonValue): FixOp {
  let current: JsonObject | undefined = node;
  let path = base;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    const next: JsonValue | undefined = current?.[seg];
    const isLast = i === segments.length - 1;
    if (isLast) return { op: next === undefined ? 'add' : 'replace', path: path + pointerOf([seg]), value };
    const obj = asObject(next);
    if (!obj) {
      // Build the rest of the path as a nested object and add it at the first missing level.
      let nested: JsonValue = value;
      for (let j = segments.length - 1; j > i; j--) nested = { [segments[j] ?? '']: nested };
      return { op: next === undefined ? 'add' : 'replace', path: path + pointerOf([seg]), value: nested };
    }
    current = obj;
    path += pointerOf([seg]);
  }
  return { op: 'replace', path: base, value };
}
