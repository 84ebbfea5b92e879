/** Runs the real kubectl against a fake cluster (argument arrays, no shell, a generous timeout). */
import { execFile } from 'node:child_process';
import type { FakeKubernetes } from '@aws-delivery/testing';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectl(
  fake: FakeKubernetes,
  args: string[],
  input?: string,
  timeoutMs = 60_000,
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      args,
      { env: { PATH: process.env.PATH ?? '', HOME: fake.dir, KUBECONFIG: fake.kubeconfigPath }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
