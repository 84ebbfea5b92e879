// The floor for assume-role: the least a Node process can do for one AssumeRole from static keys. It loads
// node:https (as any client of the real STS must), signs one AssumeRole with our SigV4 signer (packages/aws, given
// prebundled as the first argument: the benchmark bundles it once with esbuild), POSTs it, reads the credentials
// out of the answer, masks them and writes them to GITHUB_ENV. No input checks, no retries, no proxy, no errors
// explained: assume-role's time over this one's is its overhead.
//
// node scripts/bench/floor-sts.mjs <signer.mjs>, with STS_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, ROLE_ARN and GITHUB_ENV set.
import { appendFileSync } from 'node:fs';
import { URLSearchParams } from 'node:url';
import http from 'node:http';
import https from 'node:https';

const { signRequest } = await import(process.argv[2]);
const env = process.env;
const url = new URL(env.STS_ENDPOINT);
const body = new URLSearchParams({
  Action: 'AssumeRole',
  Version: '2011-06-15',
  RoleArn: env.ROLE_ARN,
  RoleSessionName: 'floor',
}).toString();
const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const signed = signRequest({
  service: 'sts',
  region: env.AWS_REGION,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  method: 'POST',
  url,
  headers,
  body,
});
const answer = await new Promise((resolve, reject) => {
  const request = (url.protocol === 'https:' ? https : http).request(
    url,
    { method: 'POST', headers: { ...headers, ...signed } },
    (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        response.statusCode === 200 ? resolve(text) : reject(new Error(`STS answered ${response.statusCode}`)),
      );
    },
  );
  request.on('error', reject);
  request.end(body);
});
const field = (name) => {
  const value = new RegExp(`<${name}>([^<]*)</${name}>`).exec(answer)?.[1];
  if (!value) throw new Error(`no ${name} in STS's answer`);
  return value;
};
const credentials = {
  AWS_ACCESS_KEY_ID: field('AccessKeyId'),
  AWS_SECRET_ACCESS_KEY: field('SecretAccessKey'),
  AWS_SESSION_TOKEN: field('SessionToken'),
};
process.stdout.write(
  `::add-mask::${credentials.AWS_SECRET_ACCESS_KEY}\n::add-mask::${credentials.AWS_SESSION_TOKEN}\n`,
);
appendFileSync(
  env.GITHUB_ENV,
  Object.entries(credentials)
    .map(([name, value]) => `${name}=${value}\n`)
    .join(''),
);
