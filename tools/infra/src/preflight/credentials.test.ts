import { describe, expect, it } from 'vitest';
import { detectCredentials, detectStaticCredentials, parseIniSections } from './credentials';

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
    const detected = detectStaticCredentials({}, files({ [`${HOME}/.aws/credentials`]: '[default]\naws_access_key_id = AKIA\naws_secret_access_key = x\n' }), HOME);

    // Assert
    expect(detected).toEqual({ found: true, source: 'profile "default"' });
  });

  it('finds an SSO profile named by AWS_PROFILE in ~/.aws/config', () => {
    // Arrange
    const config = '[default]\nregion = us-east-2\n\n[profile tth-prod]\nsso_session = corp\nsso_account_id = 123456789012\n';

    // Act
    const detected = detectStaticCredentials({ AWS_PROFILE: 'tth-prod' }, files({ [`${HOME}/.aws/config`]: config }), HOME);

    // Assert
    expect(detected).toEqual({ found: true, source: 'profile "tth-prod"' });
  });

  it('does not count a profile that only sets a region', () => {
    // Act
    const detected = detectStaticCredentials({}, files({ [`${HOME}/.aws/config`]: '[default]\nregion = us-east-2\n' }), HOME);

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
    const fromFile = detectStaticCredentials({ AWS_SHARED_CREDENTIALS_FILE: '/ci/creds' }, files({ '/ci/creds': '[default]\naws_access_key_id=A\n' }), HOME);
    const fromContainer = detectStaticCredentials({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' }, noFiles, HOME);

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
