import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A CA and a loopback server certificate it signed, made by openssl for this test run only. */
export interface FakeKubeTls {
  readonly dir: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Generates a throw-away CA and a server certificate for localhost/127.0.0.1 (openssl is part of every CI image). */
export function makeFakeKubeTls(dir = mkdtempSync(path.join(tmpdir(), 'phiguard-fake-kube-'))): FakeKubeTls {
  const f = (name: string): string => path.join(dir, name);
  const run = (args: string[]): void => { execFileSync('openssl', args, { stdio: 'ignore' }); };
  const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...curve, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=fake-kube test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(['req', ...curve, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=kube-apiserver']);
  const ext = f('server.ext');
  writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.crt'), '-days', '2', '-extfile', ext]);
  return { dir, caPem: readFileSync(f('ca.crt'), 'utf8'), certPem: readFileSync(f('server.crt'), 'utf8'), keyPem: readFileSync(f('server.key'), 'utf8') };
}
