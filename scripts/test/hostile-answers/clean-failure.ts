import { expect } from '@jest/globals';
import { stepInjections, type Annotation, type StepResult } from '@aws-delivery/testing';

/** The action's own error annotations (`<action>: …`): the verdict a hostile answer must not hide or multiply. */
export function ownErrors(result: StepResult, action: string): Annotation[] {
  return result.annotations.filter((a) => a.level === 'error' && a.message.startsWith(`${action}: `));
}

/**
 * A step that a hostile answer made fail, failing as it should: nothing live in anything it printed or wrote, exit
 * code 1, and exactly one error of its own. Returns that error's message.
 */
export function expectCleanFailure(result: StepResult, action: string): string {
  expect(stepInjections(result)).toEqual([]);
  expect(result.exitCode).toBe(1);
  const errors = ownErrors(result, action);
  expect(errors).toHaveLength(1);
  return errors[0]?.message ?? '';
}
