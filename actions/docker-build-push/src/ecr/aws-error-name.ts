/** The error name of an AWS SDK error (`RepositoryNotFoundException`, ...), without loading the SDK. */
export function awsErrorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined;
}
