/** Generates realistic multi-document YAML, shaped like Helm output for many small services. */

function deployment(ns: string, app: string, i: number): string {
  const hardened = i % 3 !== 0;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/instance: release-${i % 50}
    app.kubernetes.io/managed-by: Helm
  annotations:
    meta.helm.sh/release-name: release-${i % 50}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
        phiguard.dev/tier: ${i % 4 === 0 ? 'data' : 'app'}
    spec:
      serviceAccountName: ${app}
      ${hardened ? `securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault` : 'hostNetwork: false'}
      containers:
        - name: ${app}
          image: registry.example.org/team-${i % 20}/${app}:${i % 7 === 0 ? 'latest' : `1.${i % 10}.${i % 13}`}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_HOST
              value: db-${i % 100}.${ns}.svc.cluster.local
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: ${app}-db
                  key: password
            ${i % 11 === 0 ? `- name: API_TOKEN
              value: "ghp_${'a1B2c3D4e5'.repeat(3)}abcdef"` : `- name: API_TOKEN_FILE
              value: /var/run/secrets/api/token`}
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          ${hardened ? `securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL` : `securityContext:
            privileged: ${i % 9 === 0}`}
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
          volumeMounts:
            - name: config
              mountPath: /etc/${app}
              readOnly: true
      volumes:
        - name: config
          configMap:
            name: ${app}-config
`;
}

function service(ns: string, app: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${app}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function configMap(ns: string, app: string, i: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
  namespace: ${ns}
data:
  app.properties: |
    server.port=8080
    feature.flags=a,b,c
    cache.ttl=${i % 600}
  LOG_FORMAT: json
`;
}

function serviceAccount(ns: string, app: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  namespace: ${ns}
automountServiceAccountToken: false
`;
}

function networkPolicy(ns: string, app: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}-ingress
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ${ns}
          podSelector:
            matchLabels:
              app.kubernetes.io/role: frontend
      ports:
        - port: http
          protocol: TCP
`;
}

function roleBinding(ns: string, app: string, i: number): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${app}-reader
  namespace: ${ns}
rules:
  - apiGroups: [""]
    resources: ["configmaps"${i % 5 === 0 ? ', "secrets"' : ''}]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${app}-reader
  namespace: ${ns}
subjects:
  - kind: ServiceAccount
    name: ${app}
    namespace: ${ns}
roleRef:
  kind: Role
  name: ${app}-reader
  apiGroup: rbac.authorization.k8s.io
`;
}

function namespace(ns: string, i: number): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    phiguard.dev/scope: ${i % 3 === 0 ? 'phi' : 'none'}
    pod-security.kubernetes.io/enforce: ${i % 2 === 0 ? 'restricted' : 'baseline'}
`;
}

/** About `resources` Kubernetes objects as one YAML stream: 8 objects per service, 25 services per namespace. */
export function generateCorpus(resources: number): string {
  const parts: string[] = [];
  let count = 0;
  let i = 0;
  while (count < resources) {
    const nsIndex = Math.floor(i / 25);
    const ns = `team-${nsIndex}`;
    if (i % 25 === 0) { parts.push(namespace(ns, nsIndex)); count++; }
    const app = `svc-${i}`;
    parts.push(deployment(ns, app, i), service(ns, app), configMap(ns, app, i), serviceAccount(ns, app), networkPolicy(ns, app), roleBinding(ns, app, i));
    count += 7;
    i++;
  }
  return parts.join('---\n');
}

function statusOf(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const conditions = (types: string[]): Record<string, unknown>[] => types.map((type) => ({
    type, status: 'True', lastUpdateTime: '2026-10-01T08:00:00Z', lastTransitionTime: '2026-10-01T08:00:00Z',
    reason: type === 'Progressing' ? 'NewReplicaSetAvailable' : 'MinimumReplicasAvailable',
    message: type === 'Progressing' ? `ReplicaSet "${String((o['metadata'] as Record<string, unknown>)['name'])}-7d9f8c6b5" has successfully progressed.` : 'Deployment has minimum availability.',
  }));
  switch (o['kind']) {
    case 'Deployment': {
      const replicas = ((o['spec'] as Record<string, unknown>)['replicas'] as number | undefined) ?? 1;
      return { observedGeneration: 3, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, conditions: conditions(['Available', 'Progressing']) };
    }
    case 'Service':
      return { loadBalancer: {} };
    case 'Namespace':
      return { phase: 'Active' };
    default:
      return undefined;
  }
}

/** An object as the API server returns it: server-set metadata, status and, when kubectl applied it, its last-applied annotation. */
export function asServerObject(o: Record<string, unknown>, i: number, kubectlApplied = true): Record<string, unknown> {
  const meta = o['metadata'] as Record<string, unknown>;
  const applied = kubectlApplied ? { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(o) + '\n' } : {};
  const item: Record<string, unknown> = {
    ...o,
    metadata: {
      ...meta,
      annotations: { ...(meta['annotations'] as Record<string, string> | undefined), ...applied },
      creationTimestamp: '2026-09-14T10:22:31Z',
      generation: 3,
      resourceVersion: String(1_000_000 + i),
      uid: `6f1c${String(i).padStart(4, '0')}-9a2b-4c3d-8e4f-${String(i).padStart(12, '0')}`,
    },
  };
  const status = statusOf(o);
  if (status) item['status'] = status;
  return item;
}

function objectsOf(values: readonly unknown[]): Record<string, unknown>[] {
  return values.filter((o): o is Record<string, unknown> => o !== null && typeof o === 'object');
}

/**
 * The same objects as generateCorpus, shaped like `kubectl get -o yaml` output: List documents of 1,000 items
 * with server-set metadata, kubectl's last-applied annotation and status (managedFields are hidden by default).
 */
export function generateClusterDump(resources: number, dumpYaml: (value: unknown) => string, loadAllYaml: (text: string) => unknown[]): string {
  const objects = objectsOf(loadAllYaml(generateCorpus(resources)));
  const parts: string[] = [];
  for (let start = 0; start < objects.length; start += 1000) {
    const items = objects.slice(start, start + 1000).map((o, k) => asServerObject(o, start + k));
    parts.push(dumpYaml({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }));
  }
  return parts.join('---\n');
}

/** `kubectl get -A -o json`: one List of every object as the server returns it, indented as kubectl does (4 spaces). */
export function kubectlListJson(objects: readonly unknown[], kubectlApplied = true): string {
  const items = objectsOf(objects).map((o, i) => asServerObject(o, i, kubectlApplied));
  return JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4) + '\n';
}

/** `count` Helm-made Deployments as YAML documents, for a `kubectl get deployments -A -o json` List of them (no last-applied: Helm does not set it). */
export function deploymentManifests(count: number): string {
  const objects: string[] = [];
  for (let i = 0; objects.length < count; i++) objects.push(deployment(`team-${Math.floor(i / 25)}`, `svc-${i}`, i));
  return objects.join('---\n');
}
