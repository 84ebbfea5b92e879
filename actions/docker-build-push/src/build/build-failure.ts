/** What to do about a failed build, read from what the builder printed. Pure. */
const NO_DAEMON =
  /Cannot connect to the Docker daemon at (\S+?)\.? |error during connect: .*?(unix:\/\/\S+|tcp:\/\/\S+|npipe:\S+)/;
const NO_PERMISSION = /permission denied while trying to connect to the Docker daemon socket at (\S+?):? /;

export function buildFailureHint(output: string, env: Readonly<Record<string, string | undefined>>): string {
  const daemonless = 'or build without a daemon: builder: podman or builder: buildah.';
  const noDaemon = NO_DAEMON.exec(output);
  if (noDaemon) {
    const where = (noDaemon[1] ?? noDaemon[2] ?? '').replace(/[:.,]+$/, '');
    const host = env.DOCKER_HOST ? ` (DOCKER_HOST=${env.DOCKER_HOST})` : ' (DOCKER_HOST is not set)';
    return (
      `the Docker daemon is not running or not reachable at ${where}${host}. Start it (sudo systemctl start docker), ` +
      `point DOCKER_HOST at a running daemon, ${daemonless}`
    );
  }
  const denied = NO_PERMISSION.exec(output);
  if (denied) {
    return (
      `the runner's user may not use the Docker socket ${denied[1]}. Add the user to the docker group (then start a ` +
      `new session), ${daemonless}`
    );
  }
  return 'see the build log above; check context, file and target.';
}
