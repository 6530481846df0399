/** Prometheus text exposition of the webhook's counters and histograms; one instance per server. */
export interface WebhookMetrics {
  request(code: number): void;
  decision(outcome: string, controls: readonly string[]): void;
  latency(seconds: number): void;
  decisionTime(seconds: number): void;
  certificateExpiry(unixSeconds: number): void;
  render(): string;
  /** Decision-time quantile estimated from the histogram buckets (upper bound of the bucket). */
  decisionQuantile(q: number): number;
}

const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface Histogram { readonly counts: number[]; sum: number; count: number }

function histogram(): Histogram {
  return { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
}

function observe(h: Histogram, v: number): void {
  h.sum += v;
  h.count++;
  for (let i = 0; i < BUCKETS.length; i++) if (v <= (BUCKETS[i] ?? Infinity)) h.counts[i] = (h.counts[i] ?? 0) + 1;
}

function renderHistogram(name: string, help: string, h: Histogram): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
  BUCKETS.forEach((b, i) => lines.push(`${name}_bucket{le="${b}"} ${h.counts[i] ?? 0}`));
  lines.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${h.sum}`, `${name}_count ${h.count}`);
  return lines.join('\n');
}

const escapeLabel = (v: string): string => v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c));

export function createMetrics(): WebhookMetrics {
  const requests = new Map<number, number>();
  const decisions = new Map<string, number>();
  const latency = histogram();
  const decisionTime = histogram();
  let expiry: number | undefined;
  return {
    request: (code) => { requests.set(code, (requests.get(code) ?? 0) + 1); },
    decision: (outcome, controls) => {
      for (const c of controls.length > 0 ? controls : ['none']) {
        const key = `control="${escapeLabel(c)}",outcome="${escapeLabel(outcome)}"`;
        decisions.set(key, (decisions.get(key) ?? 0) + 1);
      }
    },
    latency: (s) => observe(latency, s),
    decisionTime: (s) => observe(decisionTime, s),
    certificateExpiry: (t) => { expiry = t; },
    decisionQuantile: (q) => {
      const target = q * decisionTime.count;
      for (let i = 0; i < BUCKETS.length; i++) if ((decisionTime.counts[i] ?? 0) >= target) return BUCKETS[i] ?? Infinity;
      return Infinity;
    },
    render: () => {
      const out = ['# HELP phiguard_webhook_requests_total HTTP requests by status code', '# TYPE phiguard_webhook_requests_total counter'];
      for (const [code, n] of [...requests].sort((a, b) => a[0] - b[0])) out.push(`phiguard_webhook_requests_total{code="${code}"} ${n}`);
      out.push('# HELP phiguard_webhook_decisions_total admission decisions by control and outcome', '# TYPE phiguard_webhook_decisions_total counter');
      for (const [key, n] of [...decisions].sort()) out.push(`phiguard_webhook_decisions_total{${key}} ${n}`);
      out.push(renderHistogram('phiguard_webhook_request_duration_seconds', 'time from request start to response', latency));
      out.push(renderHistogram('phiguard_webhook_decision_duration_seconds', 'time spent deciding one review', decisionTime));
      if (expiry !== undefined) {
        out.push('# HELP phiguard_webhook_certificate_expiry_seconds serving certificate notAfter (Unix time)', '# TYPE phiguard_webhook_certificate_expiry_seconds gauge',
          `phiguard_webhook_certificate_expiry_seconds ${expiry}`);
      }
      return out.join('\n') + '\n';
    },
  };
}
