// A build context whose image has a shell without pulling a base image (the tests run offline): the host's
// /bin/sh and the shared libraries ldd names for it, copied into the context and COPY'd into `FROM scratch`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The files /bin/sh needs to run: itself and every library ldd resolves for it (absolute paths). */
function shellFiles(): string[] {
  const shell = realpathSync('/bin/sh');
  const libraries = execFileSync('ldd', [shell], { encoding: 'utf8' })
    .split('\n')
    .flatMap((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1] ?? []);
  return [shell, ...libraries];
}

/** A temp folder with a Dockerfile that runs `script` with /bin/sh in a RUN step. */
export function shellContext(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shell-context-'));
  const [shell, ...libraries] = shellFiles();
  mkdirSync(join(dir, 'rootfs/bin'), { recursive: true });
  copyFileSync(shell!, join(dir, 'rootfs/bin/sh'));
  for (const library of libraries) {
    mkdirSync(join(dir, 'rootfs', dirname(library)), { recursive: true });
    copyFileSync(library, join(dir, 'rootfs', library));
  }
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM scratch\nCOPY rootfs/ /\nRUN ${JSON.stringify(['/bin/sh', '-c', script])}\n`,
  );
  return dir;
}
