/** A container image reference split the way the container runtime reads it (distribution/reference). */
export interface ImageRef {
  readonly raw: string;
  /** Registry host (with port), docker.io for bare names. */
  readonly registry: string;
  /** Repository path inside the registry; docker.io official images get the library/ prefix. */
  readonly repository: string;
  readonly tag?: string;
  /** The digest after @, e.g. sha256:abc…. */
  readonly digest?: string;
}

const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export function parseImage(raw: string): ImageRef | undefined {
  const image = raw.trim();
  if (image === '' || /\s/.test(image)) return undefined;
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash is a registry port, not a tag.
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.indexOf('/');
  const head = first >= 0 ? rest.slice(0, first) : '';
  const hasRegistry = first >= 0 && (head.includes('.') || head.includes(':') || head === 'localhost');
  let registry = hasRegistry ? head.toLowerCase() : 'docker.io';
  let repository = hasRegistry ? rest.slice(first + 1) : rest;
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = 'docker.io';
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  if (repository === '') return undefined;
  return { raw: image, registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** registry/repository, the form allow-list prefixes are compared with. */
export function fullName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/** True for a well-formed content digest (sha256 or sha512 hex). */
export function isValidDigest(digest: string): boolean {
  return /^sha256:[a-f0-9]{64}$/.test(digest) || /^sha512:[a-f0-9]{128}$/.test(digest);
}

/**
 * Whether an allow-list entry admits the image. Entries are a registry host ("registry.example.com"), a host and
 * path prefix ("ghcr.io/acme"), or a wildcard host ("*.azurecr.io"). Prefixes match whole path segments, so
 * "ghcr.io/acme" admits ghcr.io/acme/api but not ghcr.io/acme-evil/api. Bare Docker Hub names normalise to
 * docker.io/library/<name>, and an entry without a registry host names a Docker Hub path.
 */
export function registryAllows(entry: string, ref: ImageRef): boolean {
  let e = entry.trim();
  // A loop, not /\/+$/: that regex retries every slash of a long run of them.
  while (e.endsWith('/')) e = e.slice(0, -1);
  if (e === '') return false;
  e = e.replace(/^[a-z]+:\/\//i, '');
  const head = e.split('/')[0] ?? '';
  // "bitnami" or "library/nginx" name Docker Hub paths, as an image reference would.
  if (!head.includes('.') && !head.includes(':') && head !== 'localhost' && !head.startsWith('*')) e = `docker.io/${e}`;
  const slash = e.indexOf('/');
  let host = (slash >= 0 ? e.slice(0, slash) : e).toLowerCase();
  const path = slash >= 0 ? e.slice(slash + 1) : '';
  if (DOCKER_HUB_ALIASES.has(host)) host = 'docker.io';
  const hostOk = host.startsWith('*.') ? ref.registry.endsWith(host.slice(1)) : ref.registry === host;
  if (!hostOk) return false;
  if (path === '') return true;
  return ref.repository === path || ref.repository.startsWith(path + '/');
}
