// Benchmark: log in to one ECR registry for later steps, as whole processes in turn — docker-build-push with
// login-only: true beside amazon-ecr-login (when BENCH_ANCHORS holds it) — against local moto (GetAuthorizationToken)
// and a real Distribution registry standing in for the registry endpoint, through a real dockerd.
// Goal (issue 17): ≤ 0.6× amazon-ecr-login, the password never on a command line (theirs is: `docker login -p`).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, repoRoot, startDockerd, startMoto, startRegistry } from '@aws-delivery/testing';
import {
  ANCHORS_MISSING,
  anchorBundle,
  bareNode,
  benchRuns,
  fmt,
  measureInTurn,
  type BenchSuite,
  type Command,
} from './measure.js';

const GOAL = 0.6;
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/**
 * A `docker` first on PATH for the anchor: moto answers with the registry's real ECR host, which is not on this
 * machine; the shim points the login's last argument (that host) at the local registry and runs docker.
 */
function dockerShim(dir: string, docker: string, registryHost: string): string {
  const bin = join(dir, 'shim');
  mkdirSync(bin);
  const shim = join(bin, 'docker');
  writeFileSync(
    shim,
    `#!/bin/bash\nargs=("$@")\nif [[ "\${args[-1]}" == *.dkr.ecr.* ]]; then args[-1]='${registryHost}'; fi\nexec '${docker}' "\${args[@]}"\n`,
  );
  chmodSync(shim, 0o755);
  return bin;
}

export async function bench(): Promise<BenchSuite> {
  const [dockerd, moto, registry] = await Promise.all([
    startDockerd(),
    startMoto(),
    // moto's ECR gives every GetAuthorizationToken for the account the password `<account>-auth-token`.
    startRegistry({ username: 'AWS', password: `${ACCOUNT}-auth-token` }),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'bench-registry-login-'));
  try {
    const node = nodeBinary('node24');
    const temp = join(dir, 'runner-temp');
    const files = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'].map((name) => [
        name,
        join(dir, name),
      ]),
    );
    // Each run starts from empty runner files and an empty RUNNER_TEMP (no post step runs between them).
    const before = () => {
      rmSync(temp, { recursive: true, force: true });
      mkdirSync(temp);
      for (const path of Object.values(files)) writeFileSync(path, '');
    };
    const base = {
      PATH: process.env.PATH,
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: temp,
      ...files,
      ...dockerd.env,
      ...KEYS,
      AWS_REGION: REGION,
    };
    const commands: Command[] = [
      {
        command: node,
        args: [join(repoRoot, 'dist/docker-build-push/main/index.js')],
        env: {
          ...base,
          INPUT_REGISTRIES: `${ACCOUNT}/${REGION} endpoint=${registry.url} ecr-endpoint=${moto.endpoint}`,
          'INPUT_LOGIN-ONLY': 'true',
        },
        before,
        onOutput: (stdout) => {
          if (!stdout.includes(`Logged in to ${registry.host} as AWS.`))
            throw new Error(`ours did not log in: ${stdout}`);
        },
      },
      bareNode(node),
    ];
    const anchor = anchorBundle('amazon-ecr-login');
    if (anchor) {
      commands.push({
        command: node,
        args: [anchor],
        env: {
          ...base,
          PATH: `${dockerShim(dir, dockerd.docker.path, registry.host)}:${process.env.PATH}`,
          AWS_ENDPOINT_URL_ECR: moto.endpoint,
        },
        before,
        onOutput: (stdout) => {
          // It exits 0 only once `docker login` succeeded.
          if (
            !stdout.includes(`Logging into registry ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`) ||
            /^::error::/m.test(stdout)
          )
            throw new Error(`amazon-ecr-login did not log in: ${stdout}`);
        },
      });
    }
    const { figures, ratio } = measureInTurn(commands, benchRuns(10));
    const [ours, bare, theirs] = figures;
    return {
      name: `registry login: one ECR registry for later steps (moto + a real registry, docker ${dockerd.docker.version})`,
      rows: [
        {
          work: 'log in to one ECR registry, export the login',
          ours: `docker-build-push login-only ${fmt.run(ours!)}`,
          against: theirs ? `amazon-ecr-login ${fmt.run(theirs)}` : ANCHORS_MISSING,
          ...(theirs
            ? { ratio: ratio(0, 2), goal: { text: `≤ ${GOAL}× amazon-ecr-login`, met: ratio(0, 2) <= GOAL } }
            : {}),
          reproduce:
            'node dist/docker-build-push/main/index.js with INPUT_REGISTRIES="<account>/<region> endpoint=<registry> ecr-endpoint=<moto>", INPUT_LOGIN-ONLY=true, AWS keys; theirs: node $BENCH_ANCHORS/amazon-ecr-login/dist/index.js with AWS_ENDPOINT_URL_ECR=<moto> and a docker shim that points the ECR host at the registry',
        },
      ],
      details: [
        ['bare node -e 0, in the same turns', fmt.run(bare!)],
        ['docker-build-push login-only / bare node', `${ratio(0, 1).toFixed(2)}×`],
      ],
      notes: [
        "amazon-ecr-login runs `docker login -u AWS -p <password>`: the password is on the command line; ours starts no process and writes the login into the job-private config.json itself. Its docker calls go through a bash shim (a few ms per run) that points moto's ECR host at the local registry.",
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([dockerd.stop(), moto.stop(), registry.stop()]);
  }
}
