/**
 * Finds out, without any network call when possible, whether the AWS SDK / CDK CLI will have
 * credentials, so `infra:deploy` can stop in a second with one line instead of the CLI's
 * long failure. The SDK's own resolution stays the authority once something is found.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type CredentialDetection =
  { readonly found: true; readonly source: string } | { readonly found: false; readonly reason: string };

export type Env = Readonly<Record<string, string | undefined>>;
export type ReadTextFile = (path: string) => string | undefined;

export const readTextFile: ReadTextFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Keys that make a profile able to produce credentials (as opposed to holding only a region). */
const CREDENTIAL_KEYS = [
  'aws_access_key_id',
  'role_arn',
  'credential_process',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'web_identity_token_file',
  'source_profile',
  'login_session',
];

/** Section name -> keys, for the ini files the AWS CLI writes. */
export function parseIniSections(text: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1]) {
      current = new Set();
      sections.set(header[1], current);
      continue;
    }
    const key = /^([A-Za-z0-9_.-]+)\s*=/.exec(line)?.[1];
    if (key && current) current.add(key.toLowerCase());
  }
  return sections;
}

const NO_CREDENTIALS =
  'No AWS credentials found: run `aws configure` or `aws sso login` and set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then retry.';

/** Credentials the SDK would find from the environment or the shared config files. */
export function detectStaticCredentials(
  env: Env,
  readFile: ReadTextFile = readTextFile,
  home: string = homedir(),
): CredentialDetection {
  if (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY'])
    return { found: true, source: 'environment variables (AWS_ACCESS_KEY_ID)' };
  if (env['AWS_WEB_IDENTITY_TOKEN_FILE'] && env['AWS_ROLE_ARN'])
    return { found: true, source: 'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)' };
  if (env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] || env['AWS_CONTAINER_CREDENTIALS_FULL_URI'])
    return { found: true, source: 'container credentials endpoint' };

  const explicitProfile = env['AWS_PROFILE'] ?? env['AWS_DEFAULT_PROFILE'];
  const profile = explicitProfile ?? 'default';
  const credentialsFile = env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(home, '.aws', 'credentials');
  const configFile = env['AWS_CONFIG_FILE'] ?? join(home, '.aws', 'config');
  const credentialSections = parseIniSections(readFile(credentialsFile) ?? '');
  const configSections = parseIniSections(readFile(configFile) ?? '');
  const keys = [
    credentialSections.get(profile),
    configSections.get(profile === 'default' ? 'default' : `profile ${profile}`),
  ];
  if (keys.some((section) => section !== undefined && CREDENTIAL_KEYS.some((key) => section.has(key)))) {
    return { found: true, source: `profile "${profile}"` };
  }
  if (explicitProfile !== undefined) {
    return {
      found: false,
      reason: `AWS_PROFILE is "${explicitProfile}" but ${configFile} and ${credentialsFile} define no credentials for it.`,
    };
  }
  return { found: false, reason: NO_CREDENTIALS };
}

/**
 * True when an EC2 instance metadata service answers an IMDSv2 token request within
 * `timeoutMs`. A real token (not merely an open port: proxies accept any connection) is what
 * the SDK's instance-role provider needs too.
 */
export function instanceMetadataAvailable(timeoutMs = 500, host = '169.254.169.254', port = 80): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host,
        port,
        method: 'PUT',
        path: '/latest/api/token',
        headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' },
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(res.statusCode === 200 && body.trim().length > 0 && !body.includes('<')));
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Static sources first; then, unless disabled, the instance role of an EC2 host. */
export async function detectCredentials(
  env: Env = process.env,
  readFile: ReadTextFile = readTextFile,
  probeInstanceMetadata: () => Promise<boolean> = () => instanceMetadataAvailable(),
): Promise<CredentialDetection> {
  const detected = detectStaticCredentials(env, readFile);
  if (detected.found || env['AWS_PROFILE'] || env['AWS_DEFAULT_PROFILE']) return detected;
  if (env['AWS_EC2_METADATA_DISABLED']?.toLowerCase() !== 'true' && (await probeInstanceMetadata())) {
    return { found: true, source: 'EC2 instance metadata (instance role)' };
  }
  return detected;
}
