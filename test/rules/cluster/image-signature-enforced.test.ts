import { ruleTester } from '../../support/rule-tester.js';
import imageSignatureEnforced from '../../../src/rules/cluster/image-signature-enforced.js';
import { ns } from './fixtures.js';

ruleTester(imageSignatureEnforced, {
  valid: [{
    name: 'Kyverno verifyImages Enforce',
    yaml: ns('p') + 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: verify}\nspec:\n  validationFailureAction: Enforce\n  rules:\n  - name: sig\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages: [{imageReferences: ["*"], attestors: []}]\n',
  }],
  invalid: [
    { name: 'nothing', yaml: ns('p'), errors: [{ messageId: 'none' }] },
    { name: 'sigstore without opt-in', yaml: ns('p') + 'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: sig}\nspec: {images: [{glob: "**"}]}\n', errors: [{ messageId: 'none', contains: 'policy.sigstore.dev/include=true' }] },
  ],
});
