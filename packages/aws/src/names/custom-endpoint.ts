import { ConfigurationError } from '@aws-delivery/action-kit';

/**
 * Checks a custom endpoint (a VPC interface endpoint, a FIPS endpoint, a local service such as moto): an absolute
 * http:// or https:// URL without credentials, query or fragment. Returns it without a trailing slash.
 */
export function validateEndpoint(value: string, inputName: string): string {
  const rule = 'an endpoint is an http:// or https:// URL such as https://vpce-0abc.sts.us-east-1.vpce.amazonaws.com';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${inputName} "${value}" is not a URL: ${rule}.`, inputName);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${inputName} "${value}" uses ${url.protocol.replace(/:$/, '')}: ${rule}.`, inputName);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      `${inputName} must not hold a user name or password (got ${url.protocol}//***@${url.host}): AWS requests are ` +
        'signed with the AWS credentials; put proxy credentials in the proxy URL instead.',
      inputName,
    );
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(`${inputName} "${value}" has a query or fragment: ${rule}.`, inputName);
  }
  return value.replace(/\/+$/, '');
}
