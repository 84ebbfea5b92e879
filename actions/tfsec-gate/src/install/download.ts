import { ActionError, redactUrl } from '@aws-delivery/action-kit';
import { httpGet } from '@aws-delivery/aws';

export interface DownloadOptions {
  /** The `http-proxy` input; otherwise HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  proxy?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
}

const MAX_REDIRECTS = 5;

/** GET with redirects (release downloads redirect to a storage host); anything but 200 is an error. */
export async function download(url: string, options: DownloadOptions = {}): Promise<Buffer> {
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response;
    try {
      // The same proxy, NO_PROXY and CA rules as every AWS call.
      response = await httpGet(current, {
        ...(options.proxy ? { proxy: options.proxy } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        timeoutMs: options.timeoutMs ?? 60_000,
        ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
        headers: { 'user-agent': 'aws-delivery-actions/tfsec-gate' },
      });
    } catch (error) {
      throw new ActionError(
        `Downloading ${redactUrl(current.toString())} failed: ${(error as Error).message}.`,
        'check the network path (HTTPS_PROXY, NO_PROXY, http-proxy), or use download-url for an internal mirror ' +
          'or scanner-path for a preinstalled scanner.',
        { cause: error },
      );
    }
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      current = new URL(location, current);
      continue;
    }
    if (response.status !== 200) {
      throw new ActionError(
        `Downloading ${redactUrl(current.toString())} answered HTTP ${response.status}.`,
        response.status === 404
          ? 'check scanner-version and download-url: the release or asset does not exist there.'
          : 'retry later, or use download-url for an internal mirror.',
      );
    }
    return response.body;
  }
  throw new ActionError(
    `Downloading ${redactUrl(url)} redirected more than ${MAX_REDIRECTS} times.`,
    'check download-url.',
  );
}
