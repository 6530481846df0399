import yaml from 'js-yaml';

/** ECDHE with AES-GCM or ChaCha20 only: forward secrecy and AEAD (TLS 1.3 suites are always on). OpenSSL names for NGINX. */
export const NGINX_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** The same suites by their Go names, for Traefik. */
export const GO_CIPHERS: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

const HSTS_SECONDS = 31536000;

/** Annotations each ingress-nginx Ingress that serves PHI should carry (TLS itself comes from spec.tls). */
export const NGINX_INGRESS_ANNOTATIONS: Readonly<Record<string, string>> = {
  'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
  'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
};

export interface IngressTlsOptions {
  readonly nginxNamespace: string;
  readonly traefikNamespace: string;
  readonly gatewayNamespace: string;
}

export const DEFAULT_INGRESS_TLS: IngressTlsOptions = { nginxNamespace: 'ingress-nginx', traefikNamespace: 'traefik', gatewayNamespace: 'gateway-system' };

/** TLS 1.2+, HSTS, HTTP→HTTPS redirects and strong ciphers for ingress-nginx, Traefik and the Gateway API. Pure. */
export function ingressTlsObjects(o: IngressTlsOptions = DEFAULT_INGRESS_TLS): Record<string, unknown>[] {
  const labels = { 'app.kubernetes.io/part-of': 'phiguard' };
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ingress-nginx-controller', namespace: o.nginxNamespace, labels },
      data: {
        'ssl-protocols': 'TLSv1.2 TLSv1.3', 'ssl-ciphers': NGINX_CIPHERS, 'ssl-prefer-server-ciphers': 'true', 'ssl-session-tickets': 'false',
        'ssl-redirect': 'true', 'force-ssl-redirect': 'true',
        hsts: 'true', 'hsts-max-age': String(HSTS_SECONDS), 'hsts-include-subdomains': 'true', 'hsts-preload': 'false',
        'allow-snippet-annotations': 'false',
      } },
    { apiVersion: 'traefik.io/v1alpha1', kind: 'TLSOption', metadata: { name: 'default', namespace: o.traefikNamespace, labels },
      spec: { minVersion: 'VersionTLS12', cipherSuites: [...GO_CIPHERS], curvePreferences: ['X25519', 'CurveP256'], sniStrict: true } },
    { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'redirect-https', namespace: o.traefikNamespace, labels },
      spec: { redirectScheme: { scheme: 'https', permanent: true } } },
    { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'hsts', namespace: o.traefikNamespace, labels },
      spec: { headers: { stsSeconds: HSTS_SECONDS, stsIncludeSubdomains: true, stsPreload: false, forceSTSHeader: true } } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'phi-edge', namespace: o.gatewayNamespace, labels },
      spec: { gatewayClassName: 'REPLACE-gateway-class', listeners: [
        { name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.example.org',
          tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'phi-edge-tls' }],
            // Gateway API leaves the TLS version and ciphers to the implementation; these are the keys Envoy Gateway and Istio read.
            options: { 'gateway.envoyproxy.io/tls-min-version': '1.2', 'networking.istio.io/tls-min-protocol-version': 'TLSV1_2' } },
          allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'phiguard.dev/scope': 'phi' } } } } },
        { name: 'http', protocol: 'HTTP', port: 80, hostname: '*.example.org', allowedRoutes: { namespaces: { from: 'Same' } } },
      ] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'phi-edge-redirect-https', namespace: o.gatewayNamespace, labels },
      spec: { parentRefs: [{ name: 'phi-edge', sectionName: 'http' }], rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }] } },
  ];
}

export function ingressTls(o: IngressTlsOptions = DEFAULT_INGRESS_TLS): string {
  const header = [
    '# phiguard edge TLS hardening: TLS 1.2+, strong ciphers, HSTS and HTTP→HTTPS redirects. See docs/remediation.md.',
    `# ingress-nginx: merge the ConfigMap data into the controller's ConfigMap (${o.nginxNamespace}/ingress-nginx-controller), and on each PHI Ingress set spec.tls and`,
    ...Object.entries(NGINX_INGRESS_ANNOTATIONS).map(([k, v]) => `#   ${k}: "${v}"`),
    '# Traefik: TLSOption "default" applies to every router; add the redirect-https and hsts Middlewares to PHI IngressRoutes.',
    '# Gateway API: attach PHI HTTPRoutes to listener "https" (sectionName: https); listener "http" only redirects. HSTS: add a',
    `#   ResponseHeaderModifier filter setting Strict-Transport-Security: max-age=${HSTS_SECONDS}; includeSubDomains on those routes.`,
  ].join('\n') + '\n';
  return header + ingressTlsObjects(o).map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n');
}
