/** Runs the probes due at a phase (HTTP GET or alarm state) and judges each with the core. */
import type { Log } from '@aws-delivery/action-kit';
import type { Clients } from './clients.js';
import { alarmNameOf } from './core/preflight.js';
import { judgeAlarmProbe, judgeHttpProbe, type ProbeSpec } from './core/probes.js';
import type { ProbePhase, ProbeResult } from './core/verdict.js';
import { oneLine } from './core/watch.js';

export async function runProbes(
  specs: readonly ProbeSpec[],
  phase: ProbePhase,
  clients: Pick<Clients, 'alarms' | 'httpProbe' | 'clock'>,
  log: Log,
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const spec of specs) {
    let result: ProbeResult;
    if (spec.kind === 'http') {
      const seen = await clients.httpProbe(spec.url);
      result = judgeHttpProbe(spec, phase, seen, clients.clock.now());
    } else {
      const name = alarmNameOf(spec.alarmArn);
      const found = (await clients.alarms([name])).get(name);
      result = judgeAlarmProbe(spec, phase, found?.state, clients.clock.now());
    }
    const line = oneLine(`probe ${result.name} (${phase}): ${result.passed ? 'passed' : 'FAILED'}, ${result.detail}`);
    if (result.passed) log.info(line);
    else log.warning(line);
    results.push(result);
  }
  return results;
}
