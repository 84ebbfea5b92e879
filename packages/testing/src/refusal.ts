/**
 * The message of the configuration error `run` throws, which must name `input` (action-kit's ConfigurationError and
 * its `input`). Throws, failing the test, when `run` returns or throws anything else. No Jest import: the demo loads
 * this package outside Jest.
 */
export function refusalOf(run: () => unknown, input: string): string {
  try {
    run();
  } catch (error) {
    const refusal = error as { name?: unknown; input?: unknown; message?: unknown } | undefined;
    if (refusal?.name === 'ConfigurationError' && refusal.input === input) return String(refusal.message);
    throw new Error(`expected a ConfigurationError naming ${input}, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a ConfigurationError naming ${input}, but nothing was thrown`);
}
