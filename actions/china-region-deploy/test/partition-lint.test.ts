import { describe, expect, it } from '@jest/globals';
import { parseAvailability } from '../src/availability.js';
import { lintTemplate, type LintOptions } from '../src/partition-lint.js';
import { rewriteTemplate } from '../src/rewrite.js';
import { parseTemplate, TemplateSyntaxError } from '../src/template-source.js';

const CN = { region: 'cn-north-1' };

function rewrite(source: string, options: LintOptions = CN, file = 'template.yaml') {
  return rewriteTemplate(source, file, options);
}

function resource(properties: string): string {
  return ['Resources:', '  Thing:', '    Type: AWS::S3::Bucket', '    Properties:', properties, ''].join('\n');
}

describe('reading templates', () => {
  it('reads every short-form intrinsic tag of the user guide without a warning, keeping the function name', () => {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
    const source = [
      'Conditions:',
      '  C: !And [!Equals [a, !Ref P], !Or [!Not [!Condition D], !Equals [b, c]]]',
      'Resources:',
      '  R:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      A: !Sub x',
      '      B: !GetAtt R.Arn',
      '      C: !Join [",", !Split [",", !Select [0, !GetAZs ""]]]',
      '      D: !If [C, !FindInMap [M, K, V], !ImportValue E]',
      '      E: !Base64 y',
      '      F: !Cidr [10.0.0.0/16, 4, 8]',
    ].join('\n');
    const template = parseTemplate(source, 't.yaml');
    expect(template.format).toBe('yaml');
    const props = template.root.kind === 'map' ? template.root.entries[1]?.value : undefined;
    const resourceNode = props?.kind === 'map' ? props.entries[0]?.value : undefined;
    const properties = resourceNode?.kind === 'map' ? resourceNode.entries[1]?.value : undefined;
    expect(properties?.kind === 'map' && properties.entries.map((entry) => entry.value.tag)).toEqual([
      'Fn::Sub',
      'Fn::GetAtt',
      'Fn::Join',
      'Fn::If',
      'Fn::Base64',
      'Fn::Cidr',
    ]);
  });

  it('reads JSON and tells a syntax error with its line and column', () => {
    expect(parseTemplate('{"Resources": {}}', 't.json').format).toBe('json');
    let error: unknown;
    try {
      parseTemplate('Resources:\n  A: [1, 2\n', 't.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect((error as TemplateSyntaxError).file).toBe('t.yaml');
    expect((error as TemplateSyntaxError).line).toBeGreaterThanOrEqual(2);
  });
});

describe('hard-coded partitions', () => {
  it('wraps a plain block string in !Sub, keeping the comment and the rest of the line', () => {
    const source = resource('      Arn: arn:aws:s3:::bucket/* # the bucket');
    const result = rewrite(source);
    expect(result.findings).toMatchObject([
      {
        kind: 'partition-arn',
        outcome: 'rewrite',
        line: 5,
        column: 12,
        text: 'arn:aws:',
        path: 'Resources.Thing.Properties.Arn',
      },
    ]);
    expect(result.text).toContain('      Arn: !Sub arn:${AWS::Partition}:s3:::bucket/* # the bucket\n');
  });

  it('writes a plain string in a flow sequence again single-quoted, where { and } are syntax', () => {
    const result = rewrite(resource("      Arns: [arn:aws:sns:us-east-1:1:t, 'x']"));
    expect(result.text).toContain("      Arns: [!Sub 'arn:${AWS::Partition}:sns:us-east-1:1:t', 'x']");
  });

  it('edits a !Sub string in place and escapes ${ in a string it wraps', () => {
    const source = resource(
      [
        "      A: !Sub 'arn:aws:s3:::${Bucket}'",
        "      B: 'arn:aws:s3:::${literal}'",
        '      C:',
        '        Fn::Sub:',
        '          - "arn:aws:sqs:${R}:${A}:q"',
        '          - {}',
      ].join('\n'),
    );
    const { text } = rewrite(source);
    expect(text).toContain("      A: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}'");
    // CloudFormation's Fn::Sub writes `${!Literal}` as the literal `${Literal}`.
    expect(text).toContain("      B: !Sub 'arn:${AWS::Partition}:s3:::${!literal}'");
    expect(text).toContain('          - "arn:${AWS::Partition}:sqs:${R}:${A}:q"');
  });

  it('wraps a JSON string in {"Fn::Sub": ...}', () => {
    const source =
      '{\n  "Resources": {\n    "R": {\n      "Type": "AWS::SNS::Topic",\n      "Properties": { "A": "arn:aws:iam::aws:policy/X" }\n    }\n  }\n}\n';
    const result = rewrite(source, CN, 't.json');
    expect(result.text).toContain('"A": {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/X"}');
    expect(JSON.parse(result.text)).toBeTruthy();
  });

  it('says nothing about the partition the target region is in, and flags aws-cn in a commercial region', () => {
    expect(rewrite(resource('      A: arn:aws-cn:s3:::b')).findings).toEqual([]);
    const global = rewrite(resource('      A: arn:aws-cn:s3:::b'), { region: 'eu-west-1' });
    expect(global.findings).toMatchObject([{ kind: 'partition-arn', text: 'arn:aws-cn:' }]);
  });

  it('reads a mapping keyed by region or partition as meant for that partition', () => {
    const source = [
      'Mappings:',
      '  Prefix:',
      "    us-east-1: {P: 'arn:aws:'}",
      "    cn-north-1: {P: 'arn:aws-cn:'}",
      "    cn-northwest-1: {P: 'arn:aws:'}",
      '  Plain:',
      "    Key: {P: 'arn:aws:s3:::b'}",
    ].join('\n');
    const { findings } = rewrite(source);
    expect(findings.map((finding) => [finding.line, finding.outcome])).toEqual([
      [5, 'fail'],
      [7, 'fail'],
    ]);
    expect(findings[1]?.message).toContain('A mapping cannot hold pseudo parameters');
  });

  it('warns about a parameter default, which a deployment can override, and never edits it', () => {
    const result = rewrite('Parameters:\n  P:\n    Type: String\n    Default: arn:aws:iam::aws:policy/X\n');
    expect(result.findings).toMatchObject([{ outcome: 'warn', line: 4 }]);
    expect(result.diff).toBe('');
  });

  it('skips names (Ref, GetAtt, FindInMap, If conditions) and descriptions', () => {
    const source = [
      "Description: 'copies arn:aws: things from s3.amazonaws.com'",
      'Resources:',
      '  R:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      Description: see https://s3.amazonaws.com/x',
      '      A: !Ref arn:aws:weird',
      '      B: !FindInMap [arn:aws:m, k, v]',
      '      C: !If [arn:aws:c, x, y]',
    ].join('\n');
    expect(rewrite(source).findings).toEqual([]);
  });
});

describe('hosts and endpoints', () => {
  it('rewrites a regional host suffix to ${AWS::URLSuffix}', () => {
    const result = rewrite(resource("      Url: !Sub 'https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/q'"));
    expect(result.findings).toMatchObject([{ kind: 'url-suffix', text: 'amazonaws.com', outcome: 'rewrite' }]);
    expect(result.text).toContain("!Sub 'https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/q'");
  });

  it('rewrites the China suffix in a commercial region, and leaves amazonaws.com alone in GovCloud', () => {
    const source = resource('      Url: https://sqs.cn-north-1.amazonaws.com.cn/1/q');
    expect(rewrite(source, { region: 'us-east-1' }).text).toContain(
      '!Sub https://sqs.cn-north-1.${AWS::URLSuffix}/1/q',
    );
    expect(
      rewrite(resource('      Url: https://sqs.us-gov-west-1.amazonaws.com/1/q'), { region: 'us-gov-west-1' }).findings,
    ).toEqual([]);
  });

  it('replaces global S3 and STS endpoints by regional ones, and fails on IAM, which has no neutral form', () => {
    // https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-arns.html
    const source = resource(
      [
        '      A: https://s3.amazonaws.com/bucket/key',
        '      B: https://my-bucket.s3.amazonaws.com/key',
        '      C: sts.amazonaws.com',
        '      D: https://iam.amazonaws.com/',
      ].join('\n'),
    );
    const result = rewrite(source);
    expect(result.findings.map((finding) => [finding.kind, finding.outcome])).toEqual([
      ['global-endpoint', 'rewrite'],
      ['global-endpoint', 'rewrite'],
      ['global-endpoint', 'rewrite'],
      ['global-endpoint', 'fail'],
    ]);
    expect(result.text).toContain('A: !Sub https://s3.${AWS::Region}.${AWS::URLSuffix}/bucket/key');
    expect(result.text).toContain('B: !Sub https://my-bucket.s3.${AWS::Region}.${AWS::URLSuffix}/key');
    expect(result.text).toContain('C: !Sub sts.${AWS::Region}.${AWS::URLSuffix}');
    expect(result.failed).toBe(true);
  });
});

describe('service principals', () => {
  function role(service: string): string {
    return [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      `              Service: ${service}`,
      '            Action: sts:AssumeRole',
    ].join('\n');
  }

  it('keeps <service>.amazonaws.com in China, where most principals keep it (aws-cdk#2198, cloudfriend#56)', () => {
    expect(rewrite(role('lambda.amazonaws.com')).findings).toEqual([]);
    expect(rewrite(role('[ecs-tasks.amazonaws.com, states.amazonaws.com]')).findings).toEqual([]);
  });

  it('gives logs and codedeploy their regional China principal and elasticmapreduce the .cn suffix', () => {
    expect(rewrite(role('logs.amazonaws.com')).text).toContain('Service: !Sub logs.${AWS::Region}.${AWS::URLSuffix}');
    expect(rewrite(role('codedeploy.amazonaws.com')).text).toContain(
      'Service: !Sub codedeploy.${AWS::Region}.${AWS::URLSuffix}',
    );
    expect(rewrite(role('elasticmapreduce.amazonaws.com')).text).toContain(
      'Service: !Sub elasticmapreduce.${AWS::URLSuffix}',
    );
    expect(rewrite(role("!Sub 'logs.${AWS::Region}.amazonaws.com'")).text).toContain(
      "Service: !Sub 'logs.${AWS::Region}.${AWS::URLSuffix}'",
    );
  });

  it('corrects a .cn principal that China rejects, without a Sub', () => {
    const result = rewrite(role('lambda.amazonaws.com.cn'));
    expect(result.findings).toMatchObject([{ kind: 'service-principal', outcome: 'rewrite' }]);
    expect(result.text).toContain('Service: lambda.amazonaws.com\n');
  });

  it('accepts the older ec2.amazonaws.com.cn in China only', () => {
    expect(rewrite(role('ec2.amazonaws.com.cn')).findings).toEqual([]);
    expect(rewrite(role('ec2.amazonaws.com.cn'), { region: 'us-west-2' }).text).toContain(
      'Service: ec2.amazonaws.com\n',
    );
  });

  it('warns about a principal joined from pieces, which only a person can place (serverless#12087)', () => {
    const result = rewrite(role('!Join ["", ["logs.", !Ref "AWS::Region", ".amazonaws.com"]]'));
    expect(result.findings).toMatchObject([{ kind: 'service-principal', outcome: 'warn' }]);
    expect(result.diff).toBe('');
  });
});

describe('resource types and policy', () => {
  const availability = parseAvailability({
    generated: '2026-01-01',
    sources: [],
    resourceTypes: {
      base: ['AWS::S3::Bucket'],
      regions: { 'cn-north-1': { add: ['AWS::Lambda::Url'] }, 'cn-northwest-1': { add: [] } },
    },
  });
  const source = [
    'Resources:',
    '  Experiment:',
    '    Type: AWS::FIS::ExperimentTemplate',
    '  Url:',
    '    Type: AWS::Lambda::Url',
    '  Custom:',
    '    Type: Custom::Thing',
    '  Private:',
    '    Type: MyOrg::Thing::Widget',
  ].join('\n');

  it('fails on a type the region does not offer, with its line, and tells the two China regions apart', () => {
    const north = rewrite(source, { region: 'cn-north-1', availability });
    expect(north.findings).toMatchObject([{ kind: 'resource-type', outcome: 'fail', line: 3, column: 11 }]);
    const northwest = rewrite(source, { region: 'cn-northwest-1', availability });
    expect(northwest.findings.map((finding) => finding.text)).toEqual([
      'AWS::FIS::ExperimentTemplate',
      'AWS::Lambda::Url',
    ]);
    // A region the table does not list: nothing can be said.
    expect(rewrite(source, { region: 'eu-west-1', availability }).findings).toEqual([]);
  });

  it('follows the policy per kind: warn or fail instead of rewriting', () => {
    const text = resource('      A: arn:aws:s3:::b\n      B: https://sqs.cn-north-1.amazonaws.com/1/q');
    const warned = rewrite(text, { region: 'cn-north-1', policy: { 'partition-arn': 'warn', 'url-suffix': 'fail' } });
    expect(warned.findings.map((finding) => [finding.kind, finding.outcome])).toEqual([
      ['partition-arn', 'warn'],
      ['url-suffix', 'fail'],
    ]);
    expect(warned.text).toBe(text);
    expect(warned.failed).toBe(true);
  });
});

describe('the diff', () => {
  it('is a unified diff of the changed lines with three lines of context', () => {
    const source = [
      '# head',
      'Resources:',
      '  T:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      A: arn:aws:x',
      '      B: 1',
      '',
    ].join('\n');
    expect(rewrite(source).diff).toBe(
      [
        '--- a/template.yaml',
        '+++ b/template.yaml',
        '@@ -3,6 +3,6 @@',
        '   T:',
        '     Type: AWS::SNS::Topic',
        '     Properties:',
        '-      A: arn:aws:x',
        '+      A: !Sub arn:${AWS::Partition}:x',
        '       B: 1',
        ' ',
        '',
      ].join('\n'),
    );
  });

  it('leaves nothing to rewrite when the rewritten template is linted again', () => {
    const source = resource(
      [
        "      A: [arn:aws:s3:::b, 'https://s3.amazonaws.com/k']",
        '      B: !Sub "arn:aws:sns:${AWS::Region}:1:t"',
        '      C: logs.amazonaws.com',
      ].join('\n'),
    );
    const once = rewrite(source);
    expect(once.findings.map((finding) => finding.kind)).toEqual([
      'partition-arn',
      'global-endpoint',
      'partition-arn',
      'url-suffix',
    ]);
    const again = lintTemplate(parseTemplate(once.text, 't.yaml'), CN);
    expect(again.findings).toEqual([]);
  });
});

describe('soft sections and SAM globals', () => {
  it('warns about what cannot be rewritten in the template Metadata, and rewrites SAM Globals', () => {
    const source = [
      'Metadata:',
      '  Docs: https://s3.amazonaws.com/docs/readme.html',
      'Globals:',
      '  Function:',
      '    Environment:',
      '      Variables:',
      '        TABLE_ARN: arn:aws:dynamodb:cn-north-1:1:table/t',
      'Resources:',
      '  T:',
      '    Type: AWS::SNS::Topic',
    ].join('\n');
    const result = rewrite(source);
    expect(result.findings.map((finding) => [finding.line, finding.kind, finding.outcome])).toEqual([
      [2, 'global-endpoint', 'warn'],
      [7, 'partition-arn', 'rewrite'],
    ]);
    expect(result.text).toContain('TABLE_ARN: !Sub arn:${AWS::Partition}:dynamodb:cn-north-1:1:table/t');
    expect(result.failed).toBe(false);
  });
});

describe('findings in the shared model', () => {
  it('gives each kind its rule, and the outcome its severity', async () => {
    const { toFindingDrafts } = await import('../src/lint-findings.js');
    const result = rewrite(resource('      A: arn:aws:s3:::b\n      B: https://iam.amazonaws.com/'));
    expect(toFindingDrafts(result.findings)).toMatchObject([
      {
        ruleId: 'partition/partition-arn',
        severity: 'low',
        location: { file: 'template.yaml', startLine: 5 },
        resource: 'Resources.Thing.Properties.A',
        snippet: 'arn:aws:',
        resolution: 'Write arn:${AWS::Partition}: instead.',
      },
      { ruleId: 'partition/global-endpoint', severity: 'high', location: { startLine: 6 } },
    ]);
  });
});

describe('region mappings', () => {
  const source = (lookup: string) =>
    [
      'Mappings:',
      '  Ami:',
      '    us-east-1: {Id: ami-1}',
      '    cn-north-1: {Id: ami-2}',
      'Resources:',
      '  I:',
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      `      ImageId: ${lookup}`,
    ].join('\n');

  it('fails a lookup by AWS::Region in a mapping without the target region, in either form', () => {
    expect(
      rewrite(source('!FindInMap [Ami, !Ref AWS::Region, Id]'), { region: 'cn-northwest-1' }).findings,
    ).toMatchObject([{ kind: 'region-mapping', outcome: 'fail', line: 9, column: 28, text: 'Ami' }]);
    const long = '{"Fn::FindInMap": [Ami, {"Ref": "AWS::Region"}, Id]}';
    expect(rewrite(source(long), { region: 'cn-northwest-1' }).findings).toHaveLength(1);
    expect(rewrite(source('!FindInMap [Ami, !Ref AWS::Region, Id]'), { region: 'cn-north-1' }).findings).toEqual([]);
  });

  it('says nothing when a default value covers the gap, or the key is not the region', () => {
    const withDefault = '!FindInMap [Ami, !Ref AWS::Region, Id, {DefaultValue: ami-0}]';
    expect(rewrite(source(withDefault), { region: 'cn-northwest-1' }).findings).toEqual([]);
    expect(rewrite(source('!FindInMap [Ami, us-east-1, Id]'), { region: 'cn-northwest-1' }).findings).toEqual([]);
  });
});

describe('other YAML tags', () => {
  it('does not put !Sub before a scalar that has a tag of its own, and fails instead', () => {
    const result = rewrite(resource('      A: !!str arn:aws:s3:::b'));
    expect(result.findings).toMatchObject([{ kind: 'partition-arn', outcome: 'fail' }]);
    expect(result.diff).toBe('');
  });
});
