import namespaceQuotas from '../../../src/rules/workload/namespace-quotas.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docs, limitRange, namespace, workload } from './workload-yaml.js';

const quota = (ns: string, hard = '    pods: "20"\n    requests.cpu: "4"'): string => `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n  namespace: ${ns}\nspec:\n  hard:\n${hard}\n`;
const lr = (ns: string): string => limitRange(ns, '      default: {memory: 256Mi}');
const pod = (ns: string): string => workload('Pod', 'containers:\n  - name: app\n    image: app:1.0', { namespace: ns });

ruleTester(namespaceQuotas, {
  valid: [
    { name: 'quota and LimitRange present', yaml: docs(namespace('records'), quota('records'), lr('records')) },
    { name: 'non-PHI namespaces are not required to have them', yaml: docs(namespace('records'), quota('records'), lr('records'), namespace('tools', 'none'), pod('tools')) },
    { name: 'namespaces only named by a quota are not evaluated', yaml: quota('elsewhere') },
  ],
  invalid: [
    { name: 'PHI namespace without either', yaml: docs(namespace('records'), quota('other'), lr('other')), errors: [{ messageId: 'noQuota', resource: 'records', severity: 'low' }, { messageId: 'noLimitRange', resource: 'records' }] },
    { name: 'empty quota does not count', yaml: docs(namespace('records'), quota('records', '    {}').replace('  hard:\n    {}', '  hard: {}'), lr('records')), errors: [{ messageId: 'noQuota', line: 1 }] },
    { name: 'namespace known only from its workloads: reported on the first workload', yaml: docs(pod('records'), lr('records')), errors: [{ messageId: 'noQuota', resource: 'pod', contains: '"records"' }] },
  ],
});
