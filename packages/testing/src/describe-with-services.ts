import {
  describeMissingServices,
  missingServices,
  type MissingService,
  type ServiceName,
} from './services/requirements.js';

/**
 * Jest's globals, loaded only inside Jest: `@jest/globals` throws when imported anywhere else, and this module is
 * also imported by scripts (the demo) that start services outside Jest.
 */
const jestGlobals = await import('@jest/globals').catch(() => undefined);

/** What to do with a block of tests, given what is missing and whether services are required. */
export type ServiceBlockPlan =
  { action: 'run' } | { action: 'fail'; message: string } | { action: 'skip'; warning: string };

/** Decides whether a block runs, fails (REQUIRE_SERVICES=1) or is skipped with a warning. Pure. */
export function planServiceBlock(
  title: string,
  missing: readonly MissingService[],
  env: Record<string, string | undefined>,
): ServiceBlockPlan {
  if (missing.length === 0) return { action: 'run' };
  const explanation = describeMissingServices(missing);
  if (env.REQUIRE_SERVICES === '1')
    return {
      action: 'fail',
      message: `REQUIRE_SERVICES=1 (as in CI) makes missing services a failure.\n${explanation}`,
    };
  const rule = '!'.repeat(100);
  const warning = [
    rule,
    `!!! SKIPPED: "${title}" needs local services that are missing on this machine.`,
    explanation,
    'CI sets REQUIRE_SERVICES=1, where this is a failure instead of a skip.',
    rule,
  ].join('\n');
  return { action: 'skip', warning };
}

/**
 * `describe` for tests that need local services (see ServiceName). When one is missing, the block is skipped with
 * a loud warning, or, when REQUIRE_SERVICES=1 (CI), replaced by a failing test that says what to install.
 */
export function describeWithServices(services: readonly ServiceName[], title: string, body: () => void): void {
  if (jestGlobals === undefined) throw new Error('describeWithServices only works inside a Jest test file');
  const { describe, it } = jestGlobals;
  const plan = planServiceBlock(title, missingServices(services), process.env);
  switch (plan.action) {
    case 'run':
      describe(title, body);
      return;
    case 'fail':
      describe(title, () => {
        it(`has the local services it needs (${services.join(', ')})`, () => {
          throw new Error(plan.message);
        });
      });
      return;
    case 'skip':
      console.warn(plan.warning);
      describe.skip(title, body);
  }
}
