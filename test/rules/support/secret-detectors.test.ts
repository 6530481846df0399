import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialInValue, credentialName, detectCredential, describeDetection, isNonCredentialValue } from '../../../src/rules/support/secret-detectors.js';

describe('secret detectors', () => {
  it('recognises credential names, including camelCase and run-together forms', () => {
    for (const n of ['DB_PASSWORD', 'dbPassword', 'dbpassword', 'MYSQL_PWD', 'API_KEY', 'apiKey', 'x-api-key', 'GITHUB_TOKEN', 'refresh_token',
      'CLIENT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY', 'jwt', 'BEARER', 'CONNECTION_STRING', 'AZURE_BATCH_KEY', 'OCI_CLI_KEY_CONTENT',
      'DB_PASS', 'GOOGLE_APPLICATION_CREDENTIALS', 'STORAGE_ACCOUNT_KEY']) {
      assert.ok(credentialName(n), n);
    }
  });

  it('does not treat paths, identifiers and settings as credential names', () => {
    for (const n of ['PASSWORD_FILE', 'TOKEN_PATH', 'AWS_ACCESS_KEY_ID', 'SECRET_NAME', 'TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'TOKEN_URL',
      'TOKENIZER_MODEL', 'SECRETARY', 'CACHE_KEY', 'DB_USER', 'GREETING', 'PATH', 'JWT_ISSUER', 'TOKEN_AUDIENCE']) {
      assert.equal(credentialName(n), undefined, n);
    }
  });

  it('knows values that cannot be credentials', () => {
    for (const v of ['', 'true', 'False', '3600', '15m', '/var/run/secrets/token', './creds.json', '~/.netrc', 'C:\\keys\\a.pem',
      'https://auth.example.com/token', '$(DB_PASSWORD)', '${DB_PASSWORD}', '{{ .Values.password }}', 'vault:secret/data/db#password',
      'ref+awssm://prod/db', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db', 'projects/p/secrets/db/versions/latest',
      '<path:secret/data/db#password>', 'ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]']) {
      assert.ok(isNonCredentialValue(v), v);
    }
    for (const v of ['hunter2', 'changeme', 'xxx', 'abc123', 'https://user:pw@host/db']) assert.equal(isNonCredentialValue(v), false, v);
  });

  it('recognises credential formats whatever the name', () => {
    const cases: [string, RegExp][] = [
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', /PEM private key/],
      ['---BEGIN OPENSSH PRIVATE KEY---', /PEM private key/],
      ['AKIAIOSFODNN7EXAMPLE', /AWS access key/],
      ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc', /JSON Web Token/],
      ['ghp_' + 'a'.repeat(36), /GitHub/],
      ['xoxb-1234567890-abcdefghij', /Slack token/],
      ['postgres://app:s3cr3t@db:5432/phi', /user:password@/],
      ['Server=db;Database=phi;User Id=app;Password=s3cr3t;', /connection string/],
      ['https://api.example.com/v1?api_key=abcd1234efgh', /query string/],
    ];
    for (const [v, re] of cases) assert.match(credentialInValue(v) ?? '', re, v);
    for (const v of ['postgres://app:$(DB_PASSWORD)@db/phi', 'postgres://db:5432/phi', 'Server=db;Integrated Security=true', 'hello world']) {
      assert.equal(credentialInValue(v), undefined, v);
    }
  });

  it('never puts the value in the description', () => {
    const d = detectCredential('DB_PASSWORD', 'hunter2-very-secret');
    assert.ok(d);
    const text = describeDetection(d, 'hunter2-very-secret');
    assert.ok(!text.includes('hunter2'), text);
    assert.match(text, /19 characters, masked/);
  });
});
