/**
 * FIS errors as the REST-JSON protocol carries them: the HTTP status, an `x-amzn-ErrorType` header naming the
 * error, and a body `{"message": "..."}`. The codes and statuses are those of the FIS API reference
 * (https://docs.aws.amazon.com/fis/latest/APIReference/CommonErrors.html and each operation's "Errors").
 */
export class FisError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const fisErrors = {
  validation: (message: string) => new FisError(400, 'ValidationException', message),
  notFound: (message: string) => new FisError(404, 'ResourceNotFoundException', message),
  conflict: (message: string) => new FisError(409, 'ConflictException', message),
  quota: (message: string) => new FisError(402, 'ServiceQuotaExceededException', message),
  missingToken: () => new FisError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token'),
  unrecognizedClient: () =>
    new FisError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'),
  invalidSignature: (message?: string) =>
    new FisError(
      403,
      'InvalidSignatureException',
      message ??
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
          'Access Key and signing method. Consult the service documentation for details.',
    ),
  unknownOperation: (method: string, path: string) =>
    new FisError(404, 'UnknownOperationException', `No FIS operation is ${method} ${path}.`),
};
