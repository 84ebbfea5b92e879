import { join } from 'node:path';
import type { AwsCredentials } from './credentials.js';

/** What the step leaves for later steps: environment variables, job-private files and outputs. Planned, then written. */
export interface ExportPlan {
  env: Record<string, string>;
  files: { path: string; content: string }[];
}

export interface ExportInputs {
  region: string;
  /** The final credentials of the chain (or the source credentials when no role was assumed). */
  credentials?: AwsCredentials;
  exportEnv: boolean;
  /** Also write the final credentials as this named profile. */
  profile?: string;
  /** Extra named profiles, each with its own credentials. */
  profiles: Record<string, AwsCredentials>;
  /** Refreshable mode: the token file and the role SDKs assume with it. */
  refreshable?: { tokenFile: string; token: string; roleArn: string; sessionName: string };
  /** A fresh job-private folder for the files. */
  dir: string;
}

/**
 * One `key = value` line of the INI files. A control character (a line break above all) would start a new line,
 * and with it a profile or a `credential_process` of the value's choosing: refused, naming the key, never the value.
 */
function iniLine(key: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(`Refusing to write ${key} into the credentials file: its value holds a control character.`);
  }
  return `${key} = ${value}`;
}

function credentialLines(c: AwsCredentials): string[] {
  return [
    iniLine('aws_access_key_id', c.accessKeyId),
    iniLine('aws_secret_access_key', c.secretAccessKey),
    ...(c.sessionToken ? [iniLine('aws_session_token', c.sessionToken)] : []),
  ];
}

function configSection(name: string): string {
  return name === 'default' ? '[default]' : `[profile ${name}]`;
}

/** Pure: the variables and files for the given credentials. Static keys are never exported in refreshable mode. */
export function planExports(inputs: ExportInputs): ExportPlan {
  const env: Record<string, string> = {};
  const files: ExportPlan['files'] = [];
  env.AWS_REGION = inputs.region;
  env.AWS_DEFAULT_REGION = inputs.region;

  if (inputs.refreshable) {
    files.push({ path: inputs.refreshable.tokenFile, content: inputs.refreshable.token });
    env.AWS_WEB_IDENTITY_TOKEN_FILE = inputs.refreshable.tokenFile;
    env.AWS_ROLE_ARN = inputs.refreshable.roleArn;
    env.AWS_ROLE_SESSION_NAME = inputs.refreshable.sessionName;
  } else if (inputs.exportEnv && inputs.credentials) {
    env.AWS_ACCESS_KEY_ID = inputs.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = inputs.credentials.secretAccessKey;
    // An empty token blanks one a previous step exported, which would otherwise pair with the new keys.
    env.AWS_SESSION_TOKEN = inputs.credentials.sessionToken ?? '';
  }

  const named: [string, AwsCredentials][] = Object.entries(inputs.profiles);
  if (inputs.profile && inputs.credentials) named.unshift([inputs.profile, inputs.credentials]);
  if (named.length > 0) {
    const config = named.flatMap(([name]) => [configSection(name), iniLine('region', inputs.region), '']);
    const credentials = named.flatMap(([name, c]) => [`[${name}]`, ...credentialLines(c), '']);
    const configPath = join(inputs.dir, 'config');
    const credentialsPath = join(inputs.dir, 'credentials');
    files.push(
      { path: configPath, content: config.join('\n') },
      { path: credentialsPath, content: credentials.join('\n') },
    );
    env.AWS_CONFIG_FILE = configPath;
    env.AWS_SHARED_CREDENTIALS_FILE = credentialsPath;
  }
  return { env, files };
}

/** The values of one credential set to mask: the secret, the session token and the key id. */
export function secretsOf(credentials: AwsCredentials): string[] {
  return [credentials.secretAccessKey, credentials.sessionToken ?? '', credentials.accessKeyId].filter(Boolean);
}
