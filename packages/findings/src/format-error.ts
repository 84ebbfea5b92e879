/** Scanner output that cannot be read as the format it claims to be. Callers fail closed on it. */
export class FindingsFormatError extends Error {
  override readonly name = 'FindingsFormatError';
  constructor(
    readonly format: string,
    readonly source: string,
    problem: string,
  ) {
    super(`${source} is not valid ${format}: ${problem}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse with the parse error turned into a FindingsFormatError naming the source. */
export function parseJson(text: string, format: string, source: string): unknown {
  if (text.trim() === '') throw new FindingsFormatError(format, source, 'it is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FindingsFormatError(format, source, (error as Error).message);
  }
}
