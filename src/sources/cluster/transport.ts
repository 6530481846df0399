import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterError } from './cluster-error.js';

export interface ApiReply {
  readonly status: number;
  /** The parsed JSON body, or the text when it is not JSON (e.g. /metrics). */
  readonly body: unknown;
}

/** GET requests to one API server with the kubeconfig's credentials, each bounded by a timeout. */
export interface Transport {
  readonly server: string;
  get(path: string, accept?: string): Promise<ApiReply>;
  /** A write (POST, PUT, DELETE) with a JSON body; the reply as for get. */
  send(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ApiReply>;
  close(): void;
}

/** Credentials (certificates, tokens, exec plugins) are applied once per scan by client-node; connections are kept alive. */
export async function openTransport(kc: KubeConfig, timeoutMs: number, maxSockets: number): Promise<Transport> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ClusterError('the kubeconfig has no current cluster');
  const base = new URL(cluster.server);
  const opts: https.RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (e) {
    throw new ClusterError(`cannot get credentials for ${cluster.server}: ${(e as Error).message}`);
  }
  const secure = base.protocol === 'https:';
  // client-node's own agent only when it must route through a proxy; otherwise one keep-alive agent for the scan.
  const agent = cluster.proxyUrl ? opts.agent : secure
    ? new https.Agent({ keepAlive: true, maxSockets, ...(opts.ca ? { ca: opts.ca } : {}), ...(opts.cert ? { cert: opts.cert } : {}), ...(opts.key ? { key: opts.key } : {}),
      ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}), ...(opts.servername ? { servername: opts.servername } : {}) })
    : new http.Agent({ keepAlive: true, maxSockets });
  const headers = { ...(opts.headers as Record<string, string> | undefined) };
  const prefix = base.pathname.replace(/\/+$/, '');
  const call = (method: string, path: string, accept: string, body?: string): Promise<ApiReply> => new Promise<ApiReply>((resolve, reject) => {
    const req = (secure ? https : http).request({
      protocol: base.protocol, hostname: base.hostname, port: base.port, path: prefix + path, method,
      ...(agent ? { agent } : {}), ...(opts.auth ? { auth: opts.auth } : {}),
      headers: { ...headers, accept, 'user-agent': 'phiguard', ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        if ((res.headers['content-type'] ?? '').includes('json')) {
          try { parsed = JSON.parse(text); } catch { /* left as text; the caller reports it */ }
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => reject(new Error(`${method} ${path}: ${e.message}`)));
    req.end(body);
  });
  return {
    server: cluster.server,
    get(path, accept = 'application/json') {
      return call('GET', path, accept);
    },
    send(method, path, body) {
      return call(method, path, 'application/json', body === undefined ? undefined : JSON.stringify(body));
    },
    close() {
      if (agent instanceof http.Agent) agent.destroy();
    },
  };
}
