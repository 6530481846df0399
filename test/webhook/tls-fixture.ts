import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CertPair { readonly dir: string; readonly cert: string; readonly key: string; readonly pem: Buffer }

/** A self-signed loopback certificate from openssl; undefined when openssl is missing (an error under CI). */
export function makeCert(dir = mkdtempSync(path.join(tmpdir(), 'phiguard-webhook-')), name = 'tls', days = 2): CertPair | undefined {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
      '-days', String(days), '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  } catch (e) {
    if (process.env['CI'] === 'true') throw new Error(`openssl is needed for the webhook TLS tests: ${(e as Error).message}`);
    return undefined;
  }
  return { dir, cert, key, pem: readFileSync(cert) };
}

export interface Reply { readonly status: number; readonly body: string }

export function post(port: number, ca: Buffer, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }, pathName = '/validate', agent?: https.Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: pathName, method: 'POST', ca, servername: 'localhost', headers, ...(agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function get(port: number, ca: Buffer, pathName: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port, path: pathName, ca, servername: 'localhost' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}
