import type { KubeResource } from '../../core/resource.js';
import type { RuleContext } from '../../core/rule.js';
import { askForFile, controlPlaneOf, providerName } from '../../controlplane/model.js';

/**
 * Every EncryptionConfiguration given, plus a "give <path>" note for files the API server names but that were not
 * given. A managed provider runs its own encryption configuration.
 */
export function encryptionConfigsFor(context: RuleContext): readonly KubeResource[] {
  const model = controlPlaneOf(context);
  for (const c of model.components.get('kube-apiserver') ?? []) {
    const f = c.flags.get('encryption-provider-config');
    if (f && 'missing' in model.fileOf(f, 'EncryptionConfiguration')) askForFile(context, 'kube-apiserver', f, 'an EncryptionConfiguration');
  }
  if (model.encryptionConfigs.length > 0) context.markEvaluated();
  else if (context.config.provider && (model.components.get('kube-apiserver') ?? []).length === 0) {
    context.notApplicable(`provider-managed: ${providerName(context.config.provider)} holds the encryption configuration; check its KMS settings in the provider (HK-EN-001)`);
  }
  return model.encryptionConfigs;
}
