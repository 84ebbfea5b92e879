import { describe, expect, it } from '@jest/globals';
import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import { classifyError } from '../src/transport/retry.js';
import { createStsQueryClient } from '../src/sts/query-client.js';
import { explainAwsError } from '../src/errors/explain-aws-error.js';
import { StsResponseError, StsServiceError } from '../src/sts/query-protocol.js';
import {
  assumeRoleForm,
  assumeRoleWithWebIdentityForm,
  encodeForm,
  getCallerIdentityForm,
  parseAssumeRoleResponse,
  parseGetCallerIdentityResponse,
  stsErrorFromResponse,
} from '../src/sts/query-protocol.js';
import { decodeEntities, find, parseXml, textAt, XmlSyntaxError } from '../src/sts/xml-fields.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE = 'arn:aws:iam::123456789012:role/demo';

describe('Query protocol form encoding', () => {
  it('encodes AssumeRole with every parameter, lists as .member.N, in the order the SDK sends them', () => {
    expect(
      assumeRoleForm({
        RoleArn: ROLE,
        RoleSessionName: 'ci-run',
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::aws:policy/X' }],
        Policy: '{"Version":"2012-10-17"}',
        DurationSeconds: 900,
        Tags: [
          { Key: 'repo', Value: 'org/repo' },
          { Key: 'ref', Value: 'refs/heads/main branch' },
        ],
        TransitiveTagKeys: ['repo', 'ref'],
        ExternalId: 'ext=id&1',
      }),
    ).toBe(
      'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo' +
        '&RoleSessionName=ci-run' +
        '&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess' +
        '&PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FX' +
        '&Policy=%7B%22Version%22%3A%222012-10-17%22%7D&DurationSeconds=900' +
        '&Tags.member.1.Key=repo&Tags.member.1.Value=org%2Frepo' +
        '&Tags.member.2.Key=ref&Tags.member.2.Value=refs%2Fheads%2Fmain%20branch' +
        '&TransitiveTagKeys.member.1=repo&TransitiveTagKeys.member.2=ref&ExternalId=ext%3Did%261',
    );
  });

  it('leaves out parameters that are not given, and sends an empty list as a bare name', () => {
    expect(assumeRoleForm({ RoleArn: ROLE, RoleSessionName: 's' })).toBe(
      'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=s',
    );
    expect(assumeRoleForm({ RoleArn: ROLE, RoleSessionName: 's', Tags: [] })).toContain('&Tags=');
  });

  it('encodes AssumeRoleWithWebIdentity and GetCallerIdentity', () => {
    expect(
      assumeRoleWithWebIdentityForm({
        RoleArn: ROLE,
        RoleSessionName: 'gh',
        WebIdentityToken: 'eyJ.a+b/c=',
        DurationSeconds: 3600,
      }),
    ).toBe(
      'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo' +
        '&RoleSessionName=gh&WebIdentityToken=eyJ.a%2Bb%2Fc%3D&DurationSeconds=3600',
    );
    expect(getCallerIdentityForm()).toBe('Action=GetCallerIdentity&Version=2011-06-15');
  });

  it('uses RFC 3986 encoding (space as %20, unicode as UTF-8) and refuses a fractional duration', () => {
    expect(encodeForm([['k ü', "a b!'()*~"]])).toBe('k%20%C3%BC=a%20b%21%27%28%29%2A~');
    expect(() => assumeRoleForm({ RoleArn: ROLE, RoleSessionName: 's', DurationSeconds: 900.5 })).toThrow(
      'DurationSeconds 900.5 must be a whole number of seconds.',
    );
  });
});

describe('XML extraction', () => {
  it('decodes the predefined entities and character references, and leaves others as written', () => {
    expect(decodeEntities('&lt;a&gt; &amp;amp; &quot;q&quot; &apos;s&apos; &#65;&#x42;&#x1F680; &nbsp; &#xD800;')).toBe(
      '<a> &amp; "q" \'s\' AB🚀 &nbsp; &#xD800;',
    );
  });

  it('reads elements with namespace prefixes, CDATA, comments, processing instructions and attributes', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- answer -->\n' +
        `<sts:Envelope xmlns:sts="${NS}" a='1 > 0'>\n  <sts:Item id="x">A &amp; <![CDATA[<raw & kept>]]></sts:Item>` +
        '<Empty/><Item>second</Item>\n</sts:Envelope>',
    );
    expect(root.name).toBe('Envelope');
    expect(root.children.map((child) => child.name)).toEqual(['Item', 'Empty', 'Item']);
    expect(textAt(root, 'Item')).toBe('A & <raw & kept>');
    expect(textAt(root, 'Empty')).toBe('');
    expect(textAt(root, 'Missing')).toBeUndefined();
    expect(find(root, 'Item', 'Deeper')).toBeUndefined();
  });

  it('skips a DOCTYPE without expanding its entities', () => {
    const root = parseXml('<!DOCTYPE r [<!ENTITY boom "expanded">]><r>&boom;</r>');
    expect(root.text).toBe('&boom;');
  });

  it.each([
    ['<a><b></a>', 'XML closes <a> where <b> is open.'],
    ['<a>', 'XML ends inside <a>.'],
    ['', 'XML has no root element.'],
    ['just text', 'XML has text outside the root element.'],
    ['<a/><b/>', 'XML has more than one root element.'],
    ['<a>1 < 2</a>', 'XML has a "<" that starts no tag.'],
  ])('refuses %j', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(new XmlSyntaxError(message));
  });
});

/** The shape of the AssumeRole answer in the STS API reference, with entities in the values. */
const ASSUME_ROLE_RESPONSE = `<AssumeRoleResponse xmlns="${NS}">
  <AssumeRoleResult>
    <SourceIdentity>DevUser123</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/John&amp;Doe</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:John&amp;Doe</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764&#43;token==</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2019-07-15T23:28:33.359Z</Expiration>
      <AccessKeyId>ASIAJEXAMPLEXEG2JICEA</AccessKeyId>
    </Credentials>
    <PackedPolicySize>8</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`;

describe('answers', () => {
  const metadata = { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 };

  it('reads an AssumeRole answer into the SDK shape', () => {
    expect(parseAssumeRoleResponse('AssumeRole', 200, ASSUME_ROLE_RESPONSE, metadata)).toEqual({
      $metadata: { ...metadata, requestId: 'c6104cbe-af31-11e0-8154-cbc7ccf896c7' },
      Credentials: {
        AccessKeyId: 'ASIAJEXAMPLEXEG2JICEA',
        SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
        SessionToken: 'AQoDYXdzEPT//////////wEXAMPLEtc764+token==',
        Expiration: new Date(Date.UTC(2019, 6, 15, 23, 28, 33, 359)),
      },
      AssumedRoleUser: {
        Arn: 'arn:aws:sts::123456789012:assumed-role/demo/John&Doe',
        AssumedRoleId: 'ARO123EXAMPLE123:John&Doe',
      },
      PackedPolicySize: 8,
      SourceIdentity: 'DevUser123',
    });
  });

  it('prefers the x-amzn-requestid header for the request id, as the SDK does', () => {
    const output = parseAssumeRoleResponse('AssumeRole', 200, ASSUME_ROLE_RESPONSE, metadata, 'from-header');
    expect(output.$metadata.requestId).toBe('from-header');
  });

  it('reads the web identity fields of an AssumeRoleWithWebIdentity answer', () => {
    const body =
      `<AssumeRoleWithWebIdentityResponse xmlns="${NS}"><AssumeRoleWithWebIdentityResult>` +
      '<SubjectFromWebIdentityToken>repo:org/repo:ref:refs/heads/main</SubjectFromWebIdentityToken>' +
      '<Audience>sts.amazonaws.com</Audience>' +
      '<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/demo/gh</Arn>' +
      '<AssumedRoleId>AROACLKWSDQRAOEXAMPLE:gh</AssumedRoleId></AssumedRoleUser>' +
      '<Credentials><SessionToken>tok</SessionToken><SecretAccessKey>sec</SecretAccessKey>' +
      '<Expiration>2014-10-24T23:00:23Z</Expiration><AccessKeyId>ASIAEXAMPLE</AccessKeyId></Credentials>' +
      '<Provider>arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com</Provider>' +
      '</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>';
    const output = parseAssumeRoleResponse('AssumeRoleWithWebIdentity', 200, body, metadata);
    expect(output).toMatchObject({
      SubjectFromWebIdentityToken: 'repo:org/repo:ref:refs/heads/main',
      Audience: 'sts.amazonaws.com',
      Provider: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      Credentials: { AccessKeyId: 'ASIAEXAMPLE', Expiration: new Date('2014-10-24T23:00:23Z') },
    });
    expect(output.$metadata).toEqual(metadata);
  });

  it('reads a GetCallerIdentity answer', () => {
    const body =
      `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
      '<Arn>arn:aws-cn:iam::123456789012:user/ci</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>' +
      '<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
    expect(parseGetCallerIdentityResponse(200, body, metadata)).toEqual({
      $metadata: metadata,
      Arn: 'arn:aws-cn:iam::123456789012:user/ci',
      UserId: 'AIDACKCEVSQ6C2EXAMPLE',
      Account: '123456789012',
    });
  });

  it.each([
    [
      'an HTML page',
      '<html><body>Login to the proxy</body></html>',
      'but not with the AssumeRoleResponse document STS sends',
    ],
    ['an empty body', '', '(empty body)'],
    ['another action', ASSUME_ROLE_RESPONSE.replace(/AssumeRole(Response|Result)/g, 'GetSessionToken$1'), 'not with'],
    ['a truncated document', ASSUME_ROLE_RESPONSE.slice(0, 200), 'not with'],
    [
      'credentials without a session token',
      ASSUME_ROLE_RESPONSE.replace(/<SessionToken>.*<\/SessionToken>/, ''),
      'Credentials that lack SessionToken',
    ],
    [
      'an expiration that is not a date',
      ASSUME_ROLE_RESPONSE.replace('2019-07-15T23:28:33.359Z', 'soon'),
      'Expiration that is not a date',
    ],
  ])('refuses %s as an StsResponseError that is never retried', (_what, body, message) => {
    let error: unknown;
    try {
      parseAssumeRoleResponse('AssumeRole', 200, body, metadata);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StsResponseError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY');
    expect((error as StsResponseError).$metadata.httpStatusCode).toBe(200);
    expect(classifyError(error)).toBe('fatal');
  });
});

function errorDocument(code: string, message: string, type = 'Sender'): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message>` +
    '</Error><RequestId>e5b9f8a0-0000-4000-8000-000000000000</RequestId></ErrorResponse>'
  );
}

describe('error documents', () => {
  it('becomes an error named by the STS code, with message, $metadata and $fault', () => {
    const message =
      'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on &quot;x&quot;';
    const error = stsErrorFromResponse(403, errorDocument('AccessDenied', message), undefined);
    expect(error).toBeInstanceOf(StsServiceError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'AccessDenied',
      Code: 'AccessDenied',
      Type: 'Sender',
      message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on "x"',
      $fault: 'client',
      $metadata: { httpStatusCode: 403, requestId: 'e5b9f8a0-0000-4000-8000-000000000000' },
    });
  });

  it.each([
    [403, 'AccessDenied', 'Sender', 'fatal', 'client'],
    [400, 'ExpiredTokenException', 'Sender', 'fatal', 'client'],
    [400, 'PackedPolicyTooLarge', 'Sender', 'fatal', 'client'],
    [400, 'InvalidIdentityToken', 'Sender', 'fatal', 'client'],
    [403, 'RegionDisabledException', 'Sender', 'fatal', 'client'],
    [400, 'MalformedPolicyDocument', 'Sender', 'fatal', 'client'],
    [400, 'ValidationError', 'Sender', 'fatal', 'client'],
    [400, 'Throttling', 'Sender', 'throttling', 'client'],
    [500, 'InternalFailure', 'Receiver', 'server', 'server'],
    [503, 'ServiceUnavailable', 'Receiver', 'server', 'server'],
    [400, 'IDPCommunicationError', 'Sender', 'fatal', 'client'],
  ] as const)('HTTP %i %s is classified %s', (status, code, type, errorClass, fault) => {
    const error = stsErrorFromResponse(status, errorDocument(code, 'm', type), 'header-id');
    expect(error.name).toBe(code);
    expect(error).toMatchObject({ $fault: fault, $metadata: { httpStatusCode: status, requestId: 'header-id' } });
    expect(classifyError(error)).toBe(errorClass);
  });

  it.each([
    ['a line break and a workflow command', 'Throttling\n::error::injected', '"Throttling\\n::error::injected"'],
    ['a space', 'Access Denied', '"Access Denied"'],
    ['too many characters', 'X'.repeat(101), `"${'X'.repeat(40)}"… (101 characters)`],
  ])('an error code with %s is described, quoted on one line, never used as the name', (_what, code, quoted) => {
    const error = stsErrorFromResponse(503, errorDocument(code, 'm', 'Receiver'), 'r');
    expect(error.name).toBe('Unknown');
    expect(error.message).toBe(`STS answered HTTP 503 with an error code that is not one: ${quoted}`);
    // Still classified by its status, so a 503 is retried as one.
    expect(classifyError(error)).toBe('server');
  });

  it('reads a bare <Error> root too', () => {
    const error = stsErrorFromResponse(500, '<Error><Code>InternalError</Code><Message>oops</Message></Error>', 'r');
    expect(error).toMatchObject({ name: 'InternalError', message: 'oops', $fault: 'server' });
  });

  it.each([
    [502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'server'],
    [504, '', 'server'],
    [429, 'slow down', 'throttling'],
    [403, 'Forbidden by policy', 'fatal'],
  ] as const)(
    'an HTTP %i without an error document is Unknown, classified by status (%j)',
    (status, body, errorClass) => {
      const error = stsErrorFromResponse(status, body, undefined);
      expect(error.name).toBe('Unknown');
      expect(error.message).toBe(`STS answered HTTP ${status} without an STS error document${body ? `: ${body}` : ''}`);
      expect(classifyError(error)).toBe(errorClass);
    },
  );

  it('keeps the explanations of explainAwsError working', () => {
    const explain = (code: string, message: string, operation: string) =>
      explainAwsError(stsErrorFromResponse(400, errorDocument(code, message), undefined), {
        operation,
        region: 'cn-north-1',
        roleArn: 'arn:aws-cn:iam::123456789012:role/demo',
      }) as ActionError;
    const invalid = explain('InvalidIdentityToken', 'Incorrect token audience', 'sts:AssumeRoleWithWebIdentity');
    expect(invalid.message).toBe(
      'sts:AssumeRoleWithWebIdentity (role arn:aws-cn:iam::123456789012:role/demo) failed: InvalidIdentityToken: ' +
        'Incorrect token audience',
    );
    expect(invalid.hint).toContain('"sts.amazonaws.com.cn"');
    expect(explain('AccessDenied', 'not authorized to perform: sts:TagSession', 'sts:AssumeRole').hint).toContain(
      'role-skip-session-tagging',
    );
    expect(explain('RegionDisabledException', 'STS is not activated', 'sts:AssumeRole').hint).toContain(
      'not active in cn-north-1',
    );
  });
});

describe('createStsQueryClient configuration', () => {
  const quiet = { env: {}, log: () => {} };

  it('calls the regional STS endpoint of the region’s partition by default', () => {
    for (const [region, endpoint] of [
      ['cn-northwest-1', 'https://sts.cn-northwest-1.amazonaws.com.cn'],
      ['us-gov-east-1', 'https://sts.us-gov-east-1.amazonaws.com'],
      ['eu-central-2', 'https://sts.eu-central-2.amazonaws.com'],
    ]) {
      const client = createStsQueryClient({ region: region!, ...quiet });
      expect(client.endpoint).toBe(endpoint);
      expect(client.region).toBe(region);
      client.destroy();
    }
  });

  it('checks region and endpoint like awsClientConfig, naming the inputs', () => {
    const failure = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error as ConfigurationError;
      }
      throw new Error('expected a ConfigurationError');
    };
    const region = failure(() => createStsQueryClient({ region: 'cn-nort-1', ...quiet }));
    expect(region).toBeInstanceOf(ConfigurationError);
    expect(region.message).toContain('Did you mean "cn-north-1" (partition aws-cn)?');
    const endpoint = failure(() =>
      createStsQueryClient({
        region: 'us-east-1',
        endpoint: 'sts.local',
        inputNames: { endpoint: 'sts-endpoint' },
        ...quiet,
      }),
    );
    expect(endpoint.input).toBe('sts-endpoint');
    const attempts = failure(() => createStsQueryClient({ region: 'us-east-1', maxAttempts: 0, ...quiet }));
    expect(attempts.input).toBe('max-attempts');
  });

  it('logs its settings once, with the proxy credentials redacted', () => {
    const lines: string[] = [];
    createStsQueryClient({
      region: 'us-east-1',
      proxy: 'http://alice:s%40cret@proxy.corp:3128',
      env: {},
      log: (line) => lines.push(line),
    }).destroy();
    expect(lines).toEqual([
      'AWS client: region us-east-1; proxy http://***:***@proxy.corp:3128/ (from http-proxy); trusting ' +
        "Node's default CA certificates; connect timeout 10000 ms, request timeout 60000 ms; up to 4 attempts " +
        '(throttling, 5xx and network errors only).',
    ]);
  });
});
