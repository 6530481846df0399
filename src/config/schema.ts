/** JSON Schema of .phiguard.yaml; bundled so validation never fetches anything. */
const selector = { type: 'object', additionalProperties: { type: 'string' } } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;
const admissionMode = { enum: ['enforce', 'warn', 'audit'] } as const;
const duration = { type: 'string', pattern: '^(\\d+[smhd])+$' } as const;
const nameList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    phiNamespaces: {
      oneOf: [
        stringList,
        {
          type: 'object',
          additionalProperties: false,
          properties: { names: stringList, patterns: stringList, selectors: { type: 'array', items: selector } },
        },
      ],
    },
    phiAdjacentNamespaces: stringList,
    defaultNamespace: { type: 'string', minLength: 1 },
    allowedRegistries: stringList,
    provider: { enum: ['eks', 'gke', 'aks'] },
    kubernetesVersion: { type: 'string', pattern: '^\\d+\\.\\d+' },
    breakGlassGroups: stringList,
    secretReaders: stringList,
    trustedNamespaces: stringList,
    zones: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'selector'],
        properties: {
          name: { type: 'string' },
          selector,
          internetEgress: { type: 'boolean' },
          mayReach: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['zone'],
              properties: { zone: { type: 'string' }, ports: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 } } },
            },
          },
        },
      },
    },
    thresholds: {
      type: 'object',
      additionalProperties: false,
      properties: {
        projectedTokenMaxSeconds: { type: 'integer', minimum: 600 },
        streamingIdleTimeoutMaxSeconds: { type: 'integer', minimum: 1 },
        serviceAccountTokenMaxSeconds: { type: 'integer', minimum: 600 },
        certificateWarnDays: { type: 'integer', minimum: 0 },
      },
    },
    disabledControls: { type: 'array', items: { type: 'string', pattern: '^HK-[A-Z]{2}-\\d{3}$' } },
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['control', 'reason'],
        properties: {
          control: { type: 'string', pattern: '^HK-[A-Z]{2}-\\d{3}$' },
          kind: { type: 'string' },
          namespace: { type: 'string' },
          name: { type: 'string' },
          reason: { type: 'string', minLength: 1 },
          approver: { type: 'string' },
          compensatingControl: { type: 'string' },
          ticket: { type: 'string' },
          expires: { type: 'string', format: 'date-time' },
        },
      },
    },
    waiverPolicy: {
      type: 'object',
      additionalProperties: false,
      properties: { requireTicket: { type: 'boolean' }, requireExpiry: { type: 'boolean' } },
    },
    failOn: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
    webhook: {
      type: 'object',
      additionalProperties: false,
      properties: {
        phiMode: admissionMode,
        defaultMode: admissionMode,
        namespaceModes: { type: 'object', additionalProperties: admissionMode },
        blockExisting: { type: 'boolean' },
        bodyLimit: { type: 'integer', minimum: 1024 },
      },
    },
    maxDocumentMB: { type: 'number', exclusiveMinimum: 0, maximum: 512 },
    access: {
      type: 'object',
      additionalProperties: false,
      properties: {
        groups: { type: 'object', additionalProperties: nameList },
        allowAsUser: { type: 'boolean' },
        store: { type: 'string', minLength: 1 },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['namespaces'],
            properties: {
              roles: nameList, clusterRoles: nameList, namespaces: nameList, users: nameList, groups: nameList,
              maxDuration: duration, approvals: { type: 'integer', minimum: 1, maximum: 10 }, approverGroups: nameList,
            },
          },
        },
        breakGlass: {
          type: 'object',
          additionalProperties: false,
          properties: {
            users: nameList, groups: nameList, maxDuration: duration, namespaces: nameList,
            clusterRole: { type: 'string', minLength: 1 }, roles: nameList, clusterRoles: nameList,
          },
        },
      },
    },
  },
} as const;
