/**
 * The signed sender on a local HTTP server: each attempt signed afresh by the caller's signer, the endpoint's path
 * kept, retries on throttling and 5xx only, and AWS's error answers (REST-JSON `x-amzn-ErrorType`, Query XML
 * `<ErrorResponse>`) turned into errors named by their code. Error shapes:
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization and
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/query-api-troubleshooting.html (Query error responses).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeAlarms } from '../../src/cloudwatch/describe-alarms.js';
import { AwsServiceError, createSignedSender, type RequestToSign } from '../../src/transport/signed-sender.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function startServer(answer: (response: ServerResponse, request: Received, index: number) => void) {
  const received: Received[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      answer(response, request, received.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

function sender(endpoint: string, signed: RequestToSign[], lines: string[] = []) {
  const client = createSignedSender({
    service: 'fis',
    region: 'eu-west-1',
    endpoint,
    env: {},
    log: (line) => lines.push(line),
    retry: { sleep: async () => {}, random: () => 0 },
    sign: async (request) => {
      signed.push(request);
      return { authorization: `test-signature-${signed.length}`, 'x-amz-date': '20260101T000000Z' };
    },
  });
  closers.push(async () => client.destroy());
  return client;
}

describe('createSignedSender', () => {
  it('signs the request it sends, under the endpoint path, with the query and body', async () => {
    const server = await startServer((response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'req-1' });
      response.end('{"ok":true}');
    });
    closers.push(server.close);
    const signed: RequestToSign[] = [];
    const client = sender(`${server.url}/base/`, signed);
    const answer = await client.send({
      operation: 'fis:StartExperiment',
      method: 'POST',
      path: '/experiments',
      query: { maxResults: '10', nextToken: undefined },
      headers: { 'content-type': 'application/json' },
      body: '{"clientToken":"t"}',
    });

    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}', requestId: 'req-1' });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({
      method: 'POST',
      url: '/base/experiments?maxResults=10',
      body: '{"clientToken":"t"}',
    });
    expect(server.received[0]?.headers.authorization).toBe('test-signature-1');
    expect(signed[0]).toMatchObject({
      method: 'POST',
      service: 'fis',
      region: 'eu-west-1',
      body: '{"clientToken":"t"}',
    });
    expect(signed[0]?.url.toString()).toBe(`${server.url}/base/experiments?maxResults=10`);
    expect(signed[0]?.headers).toMatchObject({
      host: new URL(server.url).host,
      'content-type': 'application/json',
      'content-length': '19',
    });
  });

  it('retries a 503 and a throttling answer, signing each attempt again, then returns the success', async () => {
    const server = await startServer((response, _request, index) => {
      if (index === 0) {
        response.writeHead(503, { 'x-amzn-errortype': 'ServiceUnavailableException' });
        response.end('{"message":"try later"}');
      } else if (index === 1) {
        response.writeHead(400, { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/' });
        response.end('{"message":"Rate exceeded"}');
      } else {
        response.writeHead(200);
        response.end('{}');
      }
    });
    closers.push(server.close);
    const signed: RequestToSign[] = [];
    const lines: string[] = [];
    const answer = await sender(server.url, signed, lines).send({
      operation: 'fis:GetExperiment',
      method: 'GET',
      path: '/experiments/EXP1',
    });
    expect(answer.status).toBe(200);
    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      'test-signature-1',
      'test-signature-2',
      'test-signature-3',
    ]);
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
  });

  it('does not retry a validation error, and names it by its REST-JSON code', async () => {
    const server = await startServer((response) => {
      response.writeHead(400, { 'x-amzn-errortype': 'ValidationException' });
      response.end('{"message":"The experiment has already finished."}');
    });
    closers.push(server.close);
    const error = await sender(server.url, [])
      .send({ operation: 'fis:StopExperiment', method: 'DELETE', path: '/experiments/EXP1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'ValidationException',
      message: 'The experiment has already finished.',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(server.received).toHaveLength(1);
  });

  it('reads a Query XML error document, and describes an answer that is no error document', async () => {
    const server = await startServer((response, _request, index) => {
      response.writeHead(index === 0 ? 403 : 404);
      response.end(
        index === 0
          ? '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>'
          : 'Not Found',
      );
    });
    closers.push(server.close);
    const client = sender(server.url, []);
    const request = {
      operation: 'cloudwatch:DescribeAlarms',
      method: 'POST',
      path: '/',
      body: 'Action=DescribeAlarms',
    };
    await expect(client.send(request)).rejects.toMatchObject({ name: 'AccessDenied', message: 'not allowed' });
    await expect(client.send(request)).rejects.toMatchObject({
      name: 'Unknown',
      message: 'fis answered HTTP 404 without an error document: Not Found',
    });
  });

  it('goes to the regional endpoint of the partition when no endpoint is given', () => {
    const client = createSignedSender({
      service: 'fis',
      region: 'us-gov-west-1',
      env: {},
      log: () => {},
      sign: async () => ({}),
    });
    expect(client.endpoint).toBe('https://fis.us-gov-west-1.amazonaws.com');
    client.destroy();
  });
});

describe('describeAlarms', () => {
  const answer = (alarms: string, next = '') =>
    '<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><DescribeAlarmsResult>' +
    `<MetricAlarms>${alarms}</MetricAlarms><CompositeAlarms/>${next ? `<NextToken>${next}</NextToken>` : ''}` +
    '</DescribeAlarmsResult></DescribeAlarmsResponse>';
  const member = (name: string, state: string) =>
    `<member><AlarmName>${name}</AlarmName><AlarmArn>arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${name}</AlarmArn>` +
    `<StateValue>${state}</StateValue><Dimensions><member><Name>Service</Name><Value>x</Value></member></Dimensions></member>`;

  it('asks for the names, follows NextToken and maps each alarm by name', async () => {
    const server = await startServer((response, _request, index) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(index === 0 ? answer(member('web-5xx', 'OK'), 'page-2') : answer(member('db-cpu', 'ALARM')));
    });
    closers.push(server.close);
    const alarms = await describeAlarms(sender(server.url, []), ['web-5xx', 'db-cpu', 'web-5xx']);

    expect([...alarms.values()]).toEqual([
      { name: 'web-5xx', arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:web-5xx', state: 'OK' },
      { name: 'db-cpu', arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:db-cpu', state: 'ALARM' },
    ]);
    const forms = server.received.map((r) => new URLSearchParams(r.body));
    expect(forms[0]?.getAll('AlarmNames.member.1')).toEqual(['web-5xx']);
    expect(forms[0]?.get('AlarmNames.member.2')).toBe('db-cpu');
    expect(forms[0]?.get('AlarmNames.member.3')).toBeNull();
    expect(forms[0]?.get('NextToken')).toBeNull();
    expect(forms[1]?.get('NextToken')).toBe('page-2');
    expect(forms[1]?.get('Version')).toBe('2010-08-01');
  });
});
