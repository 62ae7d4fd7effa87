import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { detectCredentials, detectStaticCredentials, instanceMetadataAvailable, parseIniSections } from './credentials';

const HOME = '/home/op';
const files = (entries: Record<string, string>) => (path: string) => entries[path];
const noFiles = files({});

describe('detectStaticCredentials', () => {
  it('finds access keys in the environment', () => {
    // Act
    const detected = detectStaticCredentials({ AWS_ACCESS_KEY_ID: 'AKIA…', AWS_SECRET_ACCESS_KEY: 's' }, noFiles, HOME);

    // Assert
    expect(detected).toEqual({ found: true, source: 'environment variables (AWS_ACCESS_KEY_ID)' });
  });

  it('does not count an access key id without its secret', () => {
    // Act
    const detected = detectStaticCredentials({ AWS_ACCESS_KEY_ID: 'AKIA…' }, noFiles, HOME);

    // Assert
    expect(detected.found).toBe(false);
  });

  it('finds the default profile in ~/.aws/credentials', () => {
    // Act
    const detected = detectStaticCredentials(
      {},
      files({ [`${HOME}/.aws/credentials`]: '[default]\naws_access_key_id = AKIA\naws_secret_access_key = x\n' }),
      HOME,
    );

    // Assert
    expect(detected).toEqual({ found: true, source: 'profile "default"' });
  });

  it('finds an SSO profile named by AWS_PROFILE in ~/.aws/config', () => {
    // Arrange
    const config =
      '[default]\nregion = us-east-2\n\n[profile tth-prod]\nsso_session = corp\nsso_account_id = 123456789012\n';

    // Act
    const detected = detectStaticCredentials(
      { AWS_PROFILE: 'tth-prod' },
      files({ [`${HOME}/.aws/config`]: config }),
      HOME,
    );

    // Assert
    expect(detected).toEqual({ found: true, source: 'profile "tth-prod"' });
  });

  it('does not count a profile that only sets a region', () => {
    // Act
    const detected = detectStaticCredentials(
      {},
      files({ [`${HOME}/.aws/config`]: '[default]\nregion = us-east-2\n' }),
      HOME,
    );

    // Assert
    expect(detected.found).toBe(false);
    expect(!detected.found && detected.reason).toMatch(/^No AWS credentials found/);
  });

  it('names the profile when AWS_PROFILE points at nothing', () => {
    // Act
    const detected = detectStaticCredentials({ AWS_PROFILE: 'typo' }, noFiles, HOME);

    // Assert
    expect(detected.found).toBe(false);
    expect(!detected.found && detected.reason).toMatch(/AWS_PROFILE is "typo"/);
  });

  it('honours AWS_SHARED_CREDENTIALS_FILE and container credentials', () => {
    // Act
    const fromFile = detectStaticCredentials(
      { AWS_SHARED_CREDENTIALS_FILE: '/ci/creds' },
      files({ '/ci/creds': '[default]\naws_access_key_id=A\n' }),
      HOME,
    );
    const fromContainer = detectStaticCredentials(
      { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' },
      noFiles,
      HOME,
    );

    // Assert
    expect(fromFile.found).toBe(true);
    expect(fromContainer).toEqual({ found: true, source: 'container credentials endpoint' });
  });
});

describe('detectCredentials', () => {
  it('falls back to the EC2 instance role only when the metadata endpoint answers', async () => {
    // Act
    const onEc2 = await detectCredentials({}, noFiles, async () => true);
    const elsewhere = await detectCredentials({}, noFiles, async () => false);

    // Assert
    expect(onEc2).toEqual({ found: true, source: 'EC2 instance metadata (instance role)' });
    expect(elsewhere.found).toBe(false);
  });

  it('does not probe instance metadata when it is disabled or a profile was chosen', async () => {
    // Arrange
    let probes = 0;
    const probe = async () => {
      probes++;
      return true;
    };

    // Act
    await detectCredentials({ AWS_EC2_METADATA_DISABLED: 'true' }, noFiles, probe);
    await detectCredentials({ AWS_PROFILE: 'missing' }, noFiles, probe);

    // Assert
    expect(probes).toBe(0);
  });
});

describe('parseIniSections', () => {
  it('reads section names and lower-cased keys, ignoring comments', () => {
    // Act
    const sections = parseIniSections('# c\n[default]\nAWS_Access_Key_Id = x\n; c\n[profile a]\nrole_arn=r\n');

    // Assert
    expect([...sections.keys()]).toEqual(['default', 'profile a']);
    expect([...sections.get('default')!]).toEqual(['aws_access_key_id']);
  });
});

describe('instanceMetadataAvailable', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(
    status: number,
    body: string,
  ): Promise<{ port: number; requests: Array<{ method?: string; url?: string; ttl?: string | string[] }> }> {
    const requests: Array<{ method?: string; url?: string; ttl?: string | string[] }> = [];
    server = createServer((req, res) => {
      requests.push({ method: req.method, url: req.url, ttl: req.headers['x-aws-ec2-metadata-token-ttl-seconds'] });
      res.writeHead(status).end(body);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { port: (server!.address() as AddressInfo).port, requests };
  }

  it('is true when the endpoint hands out an IMDSv2 token', async () => {
    // Arrange
    const { port, requests } = await serve(200, 'AQAEAFakeToken==');

    // Act
    const available = await instanceMetadataAvailable(1000, '127.0.0.1', port);

    // Assert
    expect(available).toBe(true);
    expect(requests).toEqual([{ method: 'PUT', url: '/latest/api/token', ttl: '60' }]);
  });

  it('is false when something else answers, such as a proxy error page', async () => {
    // Arrange
    const { port } = await serve(403, '<html>Forbidden</html>');

    // Act
    const available = await instanceMetadataAvailable(1000, '127.0.0.1', port);

    // Assert
    expect(available).toBe(false);
  });

  it('is false when nothing listens', async () => {
    // Arrange: a port that was free a moment ago
    const { port } = await serve(200, 'token');
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;

    // Act
    const available = await instanceMetadataAvailable(1000, '127.0.0.1', port);

    // Assert
    expect(available).toBe(false);
  });
});
