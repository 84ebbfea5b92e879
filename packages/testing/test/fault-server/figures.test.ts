import { expect, it } from '@jest/globals';
import { FaultFigureLog, faultTable } from '@aws-delivery/testing';

it('counts the retries of a case as its calls after the first, and writes one table row per case', async () => {
  const log = new FaultFigureLog('demo');
  let calls = 0;
  const survived = await log.measure(
    '503 burst of 2',
    async () => {
      calls = 3;
      return true;
    },
    () => calls,
  );
  log.add({ fault: 'AccessDenied', outcome: 'failed', calls: 1, elapsedMs: 40 });
  expect(survived).toMatchObject({ ok: true, calls: 3 });
  expect(log.rows.map(({ fault, outcome, calls: made, retries }) => [fault, outcome, made, retries])).toEqual([
    ['503 burst of 2', 'survived', 3, 2],
    ['AccessDenied', 'failed', 1, 0],
  ]);
  expect(faultTable('demo', [{ ...log.rows[1]!, seconds: 0.04 }])).toBe(
    '| demo: fault | outcome | calls | retries | time (s) |\n' +
      '| --- | --- | ---: | ---: | ---: |\n' +
      '| AccessDenied | failed | 1 | 0 | 0.0 |\n',
  );
});

it('calls a log complete only when every case it planned has passed', () => {
  const log = new FaultFigureLog('demo');
  expect(log.complete).toBe(false);
  log.plan();
  log.plan();
  log.casePassed();
  expect(log.complete).toBe(false);
  log.casePassed();
  expect(log.complete).toBe(true);
});
