/** An error the user can fix by changing the workflow: names the input, quotes the value, states the rule and the fix. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(
    message: string,
    readonly input?: string,
  ) {
    super(message);
  }
}

/** A failure with a known cause: the message says what happened, the hint says what to do about it. */
export class ActionError extends Error {
  override readonly name: string = 'ActionError';
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One line for any thrown value: the message, then the hint when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof ActionError && error.hint) return `${error.message} Hint: ${error.hint}`;
  if (error instanceof Error) return error.message || error.name;
  // An error from another realm (a VM context's) is no instance of this realm's Error but has a message all the same.
  const { message, name } = (typeof error === 'object' && error !== null ? error : {}) as Partial<Error>;
  if (typeof message === 'string') return message || String(name);
  return String(error);
}

/** The one `::error::` text of a failed step: the action's name, then the error on a single line. */
export function failureLine(action: string, error: unknown): string {
  return `${action}: ${describeError(error).replace(/\s*\n\s*/g, ' ')}`;
}
