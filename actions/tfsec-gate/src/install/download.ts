import http from 'node:http';
import https from 'node:https';
import { ActionError, redactUrl } from '@aws-delivery/action-kit';
import { networkAgentFor } from '@aws-delivery/aws';

export interface DownloadOptions {
  /** The `http-proxy` input; otherwise HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  proxy?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
}

const MAX_REDIRECTS = 5;

function getOnce(url: URL, options: DownloadOptions): Promise<{ status: number; location?: string; body: Buffer }> {
  const client = url.protocol === 'https:' ? https : http;
  // The same proxy, NO_PROXY and CA rules as every AWS call.
  const agent = networkAgentFor(url, options.proxy ? { proxy: options.proxy } : {});
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        agent,
        timeout: options.timeoutMs ?? 60_000,
        ...(options.signal ? { signal: options.signal } : {}),
        headers: { 'user-agent': 'aws-delivery-actions/tfsec-gate' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > (options.maxBytes ?? 512 * 1024 * 1024)) request.destroy(new Error('the download is too large'));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ...(response.headers.location ? { location: response.headers.location } : {}),
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no response within ${options.timeoutMs ?? 60_000} ms`)));
    request.on('error', reject);
  });
}

/** GET with redirects (release downloads redirect to a storage host); anything but 200 is an error. */
export async function download(url: string, options: DownloadOptions = {}): Promise<Buffer> {
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response;
    try {
      response = await getOnce(current, options);
    } catch (error) {
      throw new ActionError(
        `Downloading ${redactUrl(current.toString())} failed: ${(error as Error).message}.`,
        'check the network path (HTTPS_PROXY, NO_PROXY, http-proxy), or use download-url for an internal mirror ' +
          'or scanner-path for a preinstalled scanner.',
        { cause: error },
      );
    }
    if (response.status >= 300 && response.status < 400 && response.location) {
      current = new URL(response.location, current);
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
