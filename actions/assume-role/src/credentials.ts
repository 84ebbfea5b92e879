/** Credentials as STS returns them, reduced to what the exports need. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** The identity that goes with a set of credentials. */
export interface Identity {
  accountId: string;
  arn: string;
}
