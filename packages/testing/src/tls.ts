import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

/** A leaf certificate and its private key (PEM files; the key is 0600). */
export interface IssuedCertificate {
  certPath: string;
  keyPath: string;
}

/** A throwaway certificate authority for tests: trust `caCertPath`, serve with certificates from `issue`. */
export interface TestCa {
  caCertPath: string;
  caKeyPath: string;
  /** A server certificate for the given host names and IP addresses (the first one is also the subject CN). */
  issue(names: string[]): IssuedCertificate;
}

const VALID_DAYS = '2';

function openssl(args: string[], input?: string): string {
  try {
    return execFileSync('openssl', args, {
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`createTestCa: \`openssl ${args[0]}\` failed: ${stderr.trim() || (error as Error).message}`, {
      cause: error,
    });
  }
}

/** Writes a new P-256 private key with mode 0600 from the start (the key never sits in a wider-open file). */
function writePrivateKey(path: string): void {
  const pem = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
}

/** `subjectAltName` entries for a certificate: IP addresses as IP:, everything else as DNS:. */
export function subjectAltNames(names: string[]): string {
  if (names.length === 0) throw new Error('createTestCa: issue() needs at least one host name or IP address');
  return names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
}

function safeFileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]/g, '_');
}

/**
 * Creates a throwaway CA in `dir` (created if missing) with the `openssl` CLI. Keys are EC P-256 and 0600; the CA
 * and its certificates are valid for two days, long enough for any test run and useless afterwards.
 */
export function createTestCa(dir: string): TestCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caKeyPath = join(dir, 'ca.key');
  const caCertPath = join(dir, 'ca.pem');
  writePrivateKey(caKeyPath);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    caKeyPath,
    '-out',
    caCertPath,
    '-days',
    VALID_DAYS,
    '-subj',
    '/CN=aws-delivery test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);

  let issued = 0;
  const issue = (names: string[]): IssuedCertificate => {
    const altNames = subjectAltNames(names);
    issued += 1;
    const stem = join(dir, `${issued}-${safeFileStem(names[0] ?? 'leaf')}`);
    const keyPath = `${stem}.key`;
    const csrPath = `${stem}.csr`;
    const certPath = `${stem}.pem`;
    const extensionsPath = `${stem}.ext`;
    writePrivateKey(keyPath);
    openssl(['req', '-new', '-key', keyPath, '-out', csrPath, '-subj', `/CN=${names[0]}`]);
    writeFileSync(
      extensionsPath,
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${altNames}`,
        '',
      ].join('\n'),
    );
    openssl([
      'x509',
      '-req',
      '-in',
      csrPath,
      '-CA',
      caCertPath,
      '-CAkey',
      caKeyPath,
      '-set_serial',
      `0x${Date.now().toString(16)}${issued.toString(16).padStart(4, '0')}`,
      '-days',
      VALID_DAYS,
      '-out',
      certPath,
      '-extfile',
      extensionsPath,
    ]);
    return { certPath, keyPath };
  };

  return { caCertPath, caKeyPath, issue };
}
