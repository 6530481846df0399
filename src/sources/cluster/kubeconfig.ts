import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterError } from './cluster-error.js';

export interface ClusterTarget {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function loadFile(kc: KubeConfig, file: string, what: string): void {
  if (!existsSync(file)) throw new ClusterError(`${what} ${file}: no such file`);
  try {
    kc.loadFromFile(file);
  } catch (e) {
    throw new ClusterError(`${what} ${file}: not a readable kubeconfig: ${(e as Error).message}`);
  }
}

/**
 * The kubeconfig as kubectl would find it (--kubeconfig, $KUBECONFIG, ~/.kube/config, in-cluster service account),
 * but never client-node's silent fallback to http://localhost:8080.
 */
export function loadKubeConfig(target: ClusterTarget): KubeConfig {
  const kc = new KubeConfig();
  const env = target.env;
  const fromEnv = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter((f) => f !== '').map((f) => path.resolve(target.cwd, f));
  const home = env['HOME'] ?? env['USERPROFILE'];
  const homeConfig = home ? path.join(home, '.kube', 'config') : undefined;
  if (target.kubeconfig !== undefined) {
    loadFile(kc, path.resolve(target.cwd, target.kubeconfig), '--kubeconfig');
  } else if (fromEnv.length > 0) {
    const [first = '', ...rest] = fromEnv;
    loadFile(kc, first, 'KUBECONFIG names');
    for (const f of rest) {
      if (!existsSync(f)) continue;
      const more = new KubeConfig();
      loadFile(more, f, 'KUBECONFIG names');
      // As kubectl merges: the first file that names a cluster, user or context wins.
      const firstWins = <T extends { name: string }>(a: readonly T[], b: readonly T[]): T[] => [...a, ...b.filter((x) => !a.some((y) => y.name === x.name))];
      kc.loadFromOptions({ clusters: firstWins(kc.getClusters(), more.getClusters()), users: firstWins(kc.getUsers(), more.getUsers()),
        contexts: firstWins(kc.getContexts(), more.getContexts()), currentContext: kc.getCurrentContext() || more.getCurrentContext() });
    }
  } else if (homeConfig && existsSync(homeConfig)) {
    loadFile(kc, homeConfig, 'kubeconfig');
  } else if (env['KUBERNETES_SERVICE_HOST'] && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kc.loadFromCluster();
  } else {
    throw new ClusterError('no kubeconfig found: give --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config ' +
      '(inside a Pod, the service account is used); phiguard never guesses a server such as localhost:8080');
  }
  if (target.context !== undefined) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(target.context)) throw new ClusterError(`--context ${target.context}: no such context in the kubeconfig (it has ${names.join(', ') || 'none'})`);
    kc.setCurrentContext(target.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!kc.getCurrentContext() || !cluster) throw new ClusterError('the kubeconfig has no current context: give --context NAME');
  if (!cluster.server) throw new ClusterError(`cluster ${cluster.name} in the kubeconfig has no server address`);
  return kc;
}
