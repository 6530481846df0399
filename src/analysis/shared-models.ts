import type { RuleContext } from '../core/rule.js';
import type { MeshModel } from './exposure/mesh.js';
import { buildMeshModel } from './exposure/mesh.js';
import type { ExposureModel } from './exposure/model.js';
import { buildExposureModel } from './exposure/model.js';
import type { NetworkModel } from './network/model.js';
import { buildNetworkModel } from './network/model.js';
import type { RbacModel } from './rbac/model.js';
import { buildRbacModel } from './rbac/model.js';
import type { CapabilityHit, CapabilityId } from './rbac/capabilities.js';
import { capabilityIndex } from './rbac/capabilities.js';
import type { RoleDef } from './rbac/model.js';

/** The RBAC model of this scan, built once and shared by every rule that asks. */
export function rbacOf(context: Pick<RuleContext, 'models' | 'inventory'>): RbacModel {
  return context.models.get('rbac', () => buildRbacModel(context.inventory));
}

/** Capability hits per role, memoised across rules of one scan. */
export function capabilitiesOf(context: Pick<RuleContext, 'models' | 'inventory'>): (role: RoleDef, cap: CapabilityId) => readonly CapabilityHit[] {
  return context.models.get('rbac-capabilities', () => capabilityIndex(rbacOf(context)));
}

/** The NetworkPolicy model of this scan, built once. */
export function networkOf(context: Pick<RuleContext, 'models' | 'inventory'>): NetworkModel {
  return context.models.get('network', () => buildNetworkModel(context.inventory));
}

/** Service-mesh mTLS state per pod, built once. */
export function meshOf(context: Pick<RuleContext, 'models' | 'inventory'>): MeshModel {
  return context.models.get('mesh', () => buildMeshModel(context.inventory));
}

/** Entry points, Services and TLS per hop, built once on top of the network and mesh models. */
export function exposureOf(context: Pick<RuleContext, 'models' | 'inventory'>): ExposureModel {
  return context.models.get('exposure', () => buildExposureModel(context.inventory, networkOf(context), meshOf(context)));
}
