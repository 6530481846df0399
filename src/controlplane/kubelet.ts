import type { JsonValue, KubeResource } from '../core/resource.js';
import { asObject, isObject, segmentsOf } from '../core/resource.js';
import type { Kubelet } from './model.js';

/** A kubelet setting as the running kubelet sees it: a flag overrides the config file, which overrides the default. */
export interface KubeletValue {
  readonly value: string | undefined;
  /** 'flag', 'config' or 'default'. */
  readonly source: 'flag' | 'config' | 'default';
  /** Resource and JSON pointer to report; for defaults, the config root or the flags file. */
  readonly resource: KubeResource | undefined;
  readonly path: string;
  /** How a reader finds it: "--read-only-port=10255" or "readOnlyPort: 10255". */
  readonly shown: string;
}

export interface KubeletSettingSpec {
  /** JSON pointer inside KubeletConfiguration. */
  readonly config: string;
  readonly flag?: string;
  /** Default when the kubelet reads a config file (the v1beta1 defaults). */
  readonly configDefault?: string;
  /** Default of the command-line flag when no config file is used. */
  readonly flagDefault?: string;
}

export const KUBELET_SETTINGS = {
  anonymous: { config: '/authentication/anonymous/enabled', flag: 'anonymous-auth', configDefault: 'false', flagDefault: 'true' },
  webhookAuthn: { config: '/authentication/webhook/enabled', flag: 'authentication-token-webhook', configDefault: 'true', flagDefault: 'false' },
  clientCAFile: { config: '/authentication/x509/clientCAFile', flag: 'client-ca-file' },
  authorizationMode: { config: '/authorization/mode', flag: 'authorization-mode', configDefault: 'Webhook', flagDefault: 'AlwaysAllow' },
  readOnlyPort: { config: '/readOnlyPort', flag: 'read-only-port', configDefault: '0', flagDefault: '10255' },
  streamingIdle: { config: '/streamingConnectionIdleTimeout', flag: 'streaming-connection-idle-timeout', configDefault: '4h0m0s', flagDefault: '4h0m0s' },
  tlsCipherSuites: { config: '/tlsCipherSuites', flag: 'tls-cipher-suites' },
  tlsMinVersion: { config: '/tlsMinVersion', flag: 'tls-min-version' },
  tlsCertFile: { config: '/tlsCertFile', flag: 'tls-cert-file' },
  tlsPrivateKeyFile: { config: '/tlsPrivateKeyFile', flag: 'tls-private-key-file' },
  serverTLSBootstrap: { config: '/serverTLSBootstrap', configDefault: 'false', flagDefault: 'false' },
  rotateCertificates: { config: '/rotateCertificates', flag: 'rotate-certificates', configDefault: 'false', flagDefault: 'false' },
  podPidsLimit: { config: '/podPidsLimit', flag: 'pod-max-pids', configDefault: '-1', flagDefault: '-1' },
  featureGates: { config: '/featureGates', flag: 'feature-gates' },
} as const satisfies Record<string, KubeletSettingSpec>;

function at(obj: JsonValue, pointer: string): JsonValue | undefined {
  let node: JsonValue | undefined = obj;
  for (const s of segmentsOf(pointer)) {
    if (!isObject(node)) return undefined;
    node = node[s];
  }
  return node;
}

function scalar(v: JsonValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => String(x)).join(',');
  if (isObject(v)) return Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(',');
  return String(v);
}

/** The nearest existing parent of a pointer in the config, to point at when the field is missing. */
function nearest(obj: JsonValue, pointer: string): string {
  const segs = segmentsOf(pointer);
  for (let n = segs.length - 1; n > 0; n--) {
    const p = '/' + segs.slice(0, n).join('/');
    if (asObject(at(obj, p))) return p;
  }
  return '';
}

export function kubeletSetting(k: Kubelet, spec: KubeletSettingSpec): KubeletValue {
  const flag = spec.flag ? k.flags.get(spec.flag) : undefined;
  if (flag) return { value: flag.value, source: 'flag', resource: flag.resource, path: flag.path, shown: `--${flag.name}=${flag.value}` };
  const field = segmentsOf(spec.config).join('.');
  if (k.config) {
    const v = scalar(at(k.config.object, spec.config));
    if (v !== undefined) return { value: v, source: 'config', resource: k.config, path: spec.config, shown: `${field}: ${v}` };
    const d = spec.configDefault;
    return { value: d, source: 'default', resource: k.config, path: nearest(k.config.object, spec.config), shown: d === undefined ? `${field} unset` : `${field} unset (default ${d})` };
  }
  const d = spec.flagDefault;
  const name = spec.flag ?? field;
  return { value: d, source: 'default', resource: k.flagsResource, path: '/args', shown: d === undefined ? `--${name} unset` : `--${name} unset (default ${d})` };
}

/** A short name for messages: the config file or flags file the kubelet was read from. */
export function kubeletLabel(k: Kubelet): string {
  return k.config?.origin.file ?? k.flagsResource?.origin.file ?? 'kubelet';
}
