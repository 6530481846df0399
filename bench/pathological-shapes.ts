/** Manifests shaped to make a backtracking regex or a recursive reader slow: one long run, or deep nesting. */

export interface Shape {
  readonly name: string;
  readonly text: string;
}

function configMap(name: string, dataYaml: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n${dataYaml}`;
}

function deployment(name: string, envValue: string): string {
  return [
    'apiVersion: apps/v1', 'kind: Deployment', `metadata:\n  name: ${name}\n  namespace: default`,
    'spec:\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}',
    '    spec:\n      containers:\n      - name: c\n        image: registry.example.com/x@sha256:' + '0'.repeat(64),
    `        env:\n        - name: DB_PASSWORD_FILE\n          value: "${envValue}"\n`,
  ].join('\n');
}

/** Every shape at about `size` characters of the hostile run. */
export function pathologicalShapes(size: number): Shape[] {
  const run = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const depth = Math.min(Math.floor(size / 64), 4000);
  return [
    { name: 'key of capitals', text: configMap('caps-key', `  ${run('A')}: v\n`) },
    { name: 'key of capitals ending in a word', text: configMap('caps-word', `  ${run('A')}Password: v\n`) },
    { name: 'key of dots', text: configMap('dots-key', `  ${run('a.')}: v\n`) },
    { name: 'key of dashes', text: configMap('dash-key', `  ${run('a-')}: v\n`) },
    { name: 'value of capitals', text: configMap('caps-value', `  k: ${run('A')}\n`) },
    { name: 'value of dashes', text: configMap('dash-value', `  k: "${run('-')}"\n`) },
    { name: 'value of dashes around BEGIN', text: configMap('pem', `  tls.key: "${run('-')} BEGIN ${run('A ')}"\n`) },
    { name: 'value of scheme characters before ://', text: configMap('uri', `  k: "${run('a-')}://u:p"\n`) },
    { name: 'value of digits', text: configMap('digits', `  k: "${run('1')}"\n`) },
    { name: 'config line padded with spaces', text: configMap('spaces', `  app.properties: "password=a${run(' ')}b"\n`) },
    { name: 'config line of = signs', text: configMap('equals', `  app.env: "${run('password=')}"\n`) },
    { name: 'env value of capitals', text: deployment('env-caps', run('A')) },
    { name: 'env value of @ and :', text: deployment('env-uri', `x://${run(':@')}`) },
    { name: 'deep flow nesting', text: configMap('flow', `  k: v\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`) },
    { name: 'deep block nesting', text: configMap('block', `  k: v\nx:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} v\n`) },
  ];
}
