import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';

const DEBIAN_KUBECTL = '/opt/debian-kubectl/kubectl';

function onPath(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return 'kubectl';
  } catch {
    return undefined;
  }
}

/** kubectl to point at the fake API: $PHIGUARD_KUBECTL, Debian's unpacked one, or PATH; missing fails under CI=true, skips otherwise. */
export function requireKubectl(t: TestContext): string | undefined {
  const fromEnv = process.env['PHIGUARD_KUBECTL'];
  const found = fromEnv !== undefined && fromEnv !== '' ? fromEnv : existsSync(DEBIAN_KUBECTL) ? DEBIAN_KUBECTL : onPath();
  if (found !== undefined) return found;
  const message = 'kubectl not found (set PHIGUARD_KUBECTL, or install Debian\'s kubernetes-client)';
  if (process.env['CI'] === 'true') assert.fail(`${message}; CI needs it`);
  t.skip(`${message}; skipping`);
  return undefined;
}
