import { credentialInValue, credentialName, detectCredential } from '../rules/support/secret-detectors.js';

/** Masks credential-shaped arguments of an exec command line (review output must never print a secret). */
const MASK = '***';

export function maskCommandLine(line: string): string {
  const parts = line.split(/(\s+)/);
  let previous = '';
  for (let i = 0; i < parts.length; i++) {
    const token = parts[i] as string;
    if (token === '' || /^\s+$/.test(token)) continue;
    parts[i] = maskToken(token, previous);
    previous = token;
  }
  return parts.join('');
}

function maskToken(token: string, previous: string): string {
  // mysql, mariadb and friends take the password glued to -p: -pSECRET.
  if (/^-p\S/.test(token)) return `-p${MASK}`;
  const eq = /^(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/.exec(token);
  if (eq) {
    const name = (eq[1] ?? '').replace(/^-+/, '');
    const value = eq[2] ?? '';
    return detectCredential(name, value) ? `${eq[1] ?? ''}=${MASK}` : token;
  }
  if (credentialInValue(token)) return MASK;
  // The value after an option whose name says credential: --password SECRET, --token SECRET.
  if (/^--?[A-Za-z]/.test(previous) && !previous.includes('=') && credentialName(previous.replace(/^-+/, '')) && !token.startsWith('-')) return MASK;
  return token;
}
