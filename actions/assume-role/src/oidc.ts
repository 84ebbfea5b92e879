/** Web identity tokens: fetched when needed and fetched again before they could expire during retries. */

/** The non-secret claims of a GitHub OIDC token that decide whether a trust policy matches. */
export interface TokenClaims {
  sub?: string;
  aud?: string | string[];
  repository?: string;
  ref?: string;
  environment?: string;
  job_workflow_ref?: string;
  iss?: string;
  exp?: number;
}

/** Reads a JWT's payload without verifying it (STS verifies); undefined when it is not a JWT. */
export function decodeClaims(jwt: string): TokenClaims | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return undefined;
  }
}

/** A token source that refetches when the cached token has less than `marginSeconds` left (or no expiry claim). */
export class RefreshingToken {
  private cached?: { token: string; expiresAt: number };

  constructor(
    private readonly fetchToken: () => Promise<string>,
    private readonly now: () => number = Date.now,
    private readonly marginSeconds = 60,
  ) {}

  async current(): Promise<string> {
    if (this.cached && this.cached.expiresAt - this.now() > this.marginSeconds * 1000) return this.cached.token;
    const token = (await this.fetchToken()).trim();
    const exp = decodeClaims(token)?.exp;
    // A token without `exp` is fetched again every time: cheap, and never stale.
    this.cached = { token, expiresAt: exp ? exp * 1000 : 0 };
    return token;
  }

  /** The claims of the last token fetched, for explanations. */
  claims(): TokenClaims | undefined {
    return this.cached ? decodeClaims(this.cached.token) : undefined;
  }
}
