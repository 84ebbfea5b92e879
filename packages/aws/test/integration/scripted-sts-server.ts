import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: status and STS (awsQuery) XML body. */
export interface ScriptedAnswer {
  status: number;
  body: string;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An STS error document as the awsQuery protocol returns it. */
export function stsError(code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message>` +
    `</Error><RequestId>4e1f1a3c-0000-4000-8000-000000000000</RequestId></ErrorResponse>`
  );
}

/** A GetCallerIdentity answer for a caller ARN. */
export function callerIdentityResponse(arn: string, account: string): string {
  return (
    `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>${arn}</Arn>` +
    `<UserId>AIDAEXAMPLEUSERID</UserId><Account>${account}</Account></GetCallerIdentityResult>` +
    `<ResponseMetadata><RequestId>01234567-89ab-4def-8123-456789abcdef</RequestId></ResponseMetadata>` +
    `</GetCallerIdentityResponse>`
  );
}

export interface ScriptedServer {
  endpoint: string;
  /** The form bodies of the requests received, in order. */
  requests: string[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A local HTTP server that answers the n-th request with the n-th scripted answer (the last one repeats). */
export async function startScriptedStsServer(answers: ScriptedAnswer[]): Promise<ScriptedServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      requests.push(body);
      const answer = answers[Math.min(requests.length, answers.length) - 1]!;
      response.writeHead(answer.status, {
        'content-type': 'text/xml',
        'x-amzn-requestid': `request-${requests.length}`,
      });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
