import { mkdtempSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { deterministicZip } from '../../src/package/deterministic-zip.js';
import { nodeLocalFiles, PackageError } from '../../src/package/local-files.js';
import { packageTemplate, templateDelivery, TEMPLATE_BODY_LIMIT } from '../../src/package/package-plan.js';
import { s3ObjectUrl } from '../../src/package/s3-location.js';
import { rewriteTemplate } from '../../src/rewrite.js';
import { parseTemplate } from '../../src/template-source.js';
import { project, write } from './sample-project.js';

const TARGET = { bucket: 'artifacts-cn', region: 'cn-north-1', prefix: 'app' };

describe('planning the package of a template', () => {
  it('finds every local artifact, keeps comments, and writes each property in the form it takes', async () => {
    const root = project();
    const packaged = await packageTemplate(join(root, 'template.yaml'), nodeLocalFiles(root), TARGET);
    const text = packaged.text;
    expect(text.startsWith('# The application stack\n')).toBe(true);
    expect(text).toMatch(/Code: \{"S3Bucket": "artifacts-cn", "S3Key": "app\/[0-9a-f]{64}\.zip"\} {3}# zipped\n/);
    expect(text).toMatch(/CodeUri: "s3:\/\/artifacts-cn\/app\/[0-9a-f]{64}\.zip"\n/);
    expect(text).toMatch(/Content: \{"S3Bucket": "artifacts-cn", "S3Key": "app\/[0-9a-f]{64}\.zip"\}/);
    expect(text).toMatch(/BodyS3Location: \{"Bucket": "artifacts-cn", "Key": "app\/[0-9a-f]{64}\.yaml"\}/);
    expect(text).toMatch(/DefinitionUri: "s3:\/\/artifacts-cn\/app\/[0-9a-f]{64}\.yaml"/);
    expect(text).toMatch(/DefinitionS3Location: "s3:\/\/artifacts-cn\/app\/[0-9a-f]{64}\.graphql"/);
    expect(text).toContain('ResponseMappingTemplateS3Location: s3://elsewhere/response.vtl');
    expect(text).toMatch(/DefinitionS3Location: \{"Bucket": "artifacts-cn", "Key": "app\/[0-9a-f]{64}\.json"\}/);
    expect(text).toMatch(/Command: \{Name: glueetl, ScriptLocation: "s3:\/\/artifacts-cn\/app\/[0-9a-f]{64}\.py"\}/);
    expect(text).toMatch(
      /TemplateURL: "https:\/\/artifacts-cn\.s3\.cn-north-1\.amazonaws\.com\.cn\/app\/[0-9a-f]{64}\.template"/,
    );
    expect(text).toMatch(/Location: "s3:\/\/artifacts-cn\/app\/[0-9a-f]{64}\.yaml"/);
    expect(text).toMatch(/ReadmeUrl: "s3:\/\/artifacts-cn\/app\/[0-9a-f]{64}\.md"/);
    expect(text).toContain('Code: {ZipFile: "exports.handler = async () => 1;"}');
    expect(text).not.toContain('s3.amazonaws.com');
    // Still a template: the values are JSON literals, which YAML reads too.
    expect(() => parseTemplate(text, 'packaged.yaml')).not.toThrow();
    expect(packaged.references.map((reference) => `${reference.resource}.${reference.property}`)).toEqual([
      'Fn.Code',
      'SamFn.CodeUri',
      'Single.CodeUri',
      'Layer.Content',
      'Api.BodyS3Location',
      'SamApi.DefinitionUri',
      'Schema.DefinitionS3Location',
      'Resolver.RequestMappingTemplateS3Location',
      'Machine.DefinitionS3Location',
      'Glue.Command.ScriptLocation',
      'ChildFn.Code',
      'Nested.TemplateURL',
      'Metadata.AWS::ServerlessRepo::Application.ReadmeUrl',
      'Shared.AWS::Include',
    ]);
  });

  it('uploads the same folder once, nested templates included, and the layer zip as it is', async () => {
    const root = project();
    const packaged = await packageTemplate(join(root, 'template.yaml'), nodeLocalFiles(root), TARGET);
    const code = packaged.artifacts.filter((artifact) => artifact.source.endsWith('functions/api'));
    expect(code).toHaveLength(1);
    expect(code[0]?.usedBy).toHaveLength(3);
    const child = packaged.artifacts.find((artifact) => artifact.key.endsWith('.template'));
    expect(child?.body.toString()).toMatch(/Code: \{"S3Bucket": "artifacts-cn", "S3Key": "app\/[0-9a-f]{64}\.zip"\}/);
    const layer = packaged.artifacts.find((artifact) => artifact.source === 'layer.zip');
    expect(
      layer?.body.equals(deterministicZip([{ name: 'python/x.py', data: Buffer.from('x = 1\n'), executable: false }])),
    ).toBe(true);
    // Code folder, single file zipped, layer, OpenAPI (used twice), schema, request template, state machine, Glue
    // script, nested template, readme, include.
    expect(packaged.artifacts).toHaveLength(11);
  });

  it('gives the same bytes and keys on a second run, and after the files are touched', async () => {
    const root = project();
    const first = await packageTemplate(join(root, 'template.yaml'), nodeLocalFiles(root), TARGET);
    const later = new Date('2031-05-06T07:08:09Z');
    utimesSync(join(root, 'functions/api/index.js'), later, later);
    const second = await packageTemplate(join(root, 'template.yaml'), nodeLocalFiles(root), TARGET);
    expect(second.text).toBe(first.text);
    expect(second.artifacts.map((artifact) => artifact.key)).toEqual(first.artifacts.map((artifact) => artifact.key));
    second.artifacts.forEach((artifact, index) =>
      expect(artifact.body.equals(first.artifacts[index]!.body)).toBe(true),
    );
    // A copy of the checkout elsewhere gives the same keys.
    const copy = project();
    const third = await packageTemplate(join(copy, 'template.yaml'), nodeLocalFiles(copy), TARGET);
    expect(third.artifacts.map((artifact) => artifact.key)).toEqual(first.artifacts.map((artifact) => artifact.key));
  });

  it('changes a key when a file changes, and only the keys that depend on it', async () => {
    const root = project();
    const before = await packageTemplate(join(root, 'template.yaml'), nodeLocalFiles(root), TARGET);
    write(root, { 'glue/job.py': 'print(2)\n' });
    const after = await packageTemplate(join(root, 'template.yaml'), nodeLocalFiles(root), TARGET);
    const gone = before.artifacts.map((a) => a.key).filter((key) => !after.artifacts.some((a) => a.key === key));
    expect(gone).toHaveLength(1);
    expect(before.artifacts.find((a) => a.key === gone[0])?.source).toBe('glue/job.py');
  });

  it('says which line names a missing file, and refuses files outside the root and nested cycles', async () => {
    const root = mkdtempSync(join(tmpdir(), 'package-'));
    write(root, {
      'missing.yaml': 'Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: nowhere\n',
    });
    await expect(packageTemplate(join(root, 'missing.yaml'), nodeLocalFiles(root), TARGET)).rejects.toThrow(
      /missing\.yaml:5: F\.Code names nowhere, which does not exist/,
    );
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    write(outside, { 'secret.txt': 'token' });
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    write(root, {
      'escape.yaml': `Resources:\n  G:\n    Type: AWS::Glue::Job\n    Properties:\n      Command: {ScriptLocation: ../${outside.split('/').pop()}/secret.txt}\n`,
      'linked.yaml':
        'Resources:\n  G:\n    Type: AWS::Glue::Job\n    Properties:\n      Command: {ScriptLocation: link.txt}\n',
      'a.yaml': 'Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: b.yaml\n',
      'b.yaml': 'Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: a.yaml\n',
    });
    await expect(packageTemplate(join(root, 'escape.yaml'), nodeLocalFiles(root), TARGET)).rejects.toThrow(
      PackageError,
    );
    await expect(packageTemplate(join(root, 'linked.yaml'), nodeLocalFiles(root), TARGET)).rejects.toThrow(/outside/);
    await expect(packageTemplate(join(root, 'a.yaml'), nodeLocalFiles(root), TARGET)).rejects.toThrow(
      /cycle: a\.yaml → b\.yaml → a\.yaml/,
    );
  });
});

describe('the partition rewrite while packaging', () => {
  it('rewrites nested templates too, before they are hashed and uploaded', async () => {
    const root = mkdtempSync(join(tmpdir(), 'package-'));
    write(root, {
      'main.yaml':
        'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n',
      'child.yaml':
        'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: arn:aws:kms:cn-north-1:1:alias/x # key\n',
    });
    const seen: string[] = [];
    const rewrite = (file: string, source: string) => {
      seen.push(file.slice(root.length + 1));
      return rewriteTemplate(source, file, { region: 'cn-north-1' }).text;
    };
    const packaged = await packageTemplate(join(root, 'main.yaml'), nodeLocalFiles(root), TARGET, { rewrite });
    expect(seen).toEqual(['main.yaml', 'child.yaml']);
    const child = packaged.artifacts.find((artifact) => artifact.key.endsWith('.template'));
    expect(child?.body.toString()).toContain(
      'KmsMasterKeyId: !Sub arn:${AWS::Partition}:kms:cn-north-1:1:alias/x # key',
    );
  });
});

describe('URLs and template delivery', () => {
  it('addresses the regional endpoint of the region’s partition, never the global one', () => {
    // https://docs.amazonaws.cn/en_us/AmazonS3/latest/userguide/VirtualHosting.html
    expect(s3ObjectUrl('bk1', 'cn-north-1', 'k/x.zip')).toBe('https://bk1.s3.cn-north-1.amazonaws.com.cn/k/x.zip');
    expect(s3ObjectUrl('bk1', 'cn-northwest-1', 'k/x.zip')).toBe(
      'https://bk1.s3.cn-northwest-1.amazonaws.com.cn/k/x.zip',
    );
    expect(s3ObjectUrl('bk1', 'eu-west-1', 'k/x.zip')).toBe('https://bk1.s3.eu-west-1.amazonaws.com/k/x.zip');
    expect(s3ObjectUrl('bk1', 'us-east-1', 'k/x.zip')).toBe('https://bk1.s3.us-east-1.amazonaws.com/k/x.zip');
    // A dotted name does not match the endpoint's wildcard certificate: path style on the same regional host.
    expect(s3ObjectUrl('my.bucket', 'cn-north-1', 'x')).toBe('https://s3.cn-north-1.amazonaws.com.cn/my.bucket/x');
    expect(() => s3ObjectUrl('Bad_Bucket', 'cn-north-1', 'x')).toThrow(RangeError);
    expect(() => s3ObjectUrl('bk1', 'cn-north-1', 'a b')).toThrow(RangeError);
  });

  it('sends a template of up to 51,200 bytes in the request, and a larger one by URL', () => {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html (TemplateBody)
    const small = 'x'.repeat(TEMPLATE_BODY_LIMIT);
    expect(templateDelivery(small, TARGET)).toEqual({ form: 'body', body: small });
    const large = `${small}y`;
    const delivery = templateDelivery(large, { ...TARGET, region: 'cn-northwest-1' });
    expect(delivery.form).toBe('url');
    if (delivery.form !== 'url') return;
    expect(delivery.url).toMatch(
      /^https:\/\/artifacts-cn\.s3\.cn-northwest-1\.amazonaws\.com\.cn\/app\/[0-9a-f]{64}\.template$/,
    );
    expect(delivery.artifact.body.toString()).toBe(large);
    // Multi-byte characters count as bytes, as CloudFormation counts them.
    expect(templateDelivery('é'.repeat(TEMPLATE_BODY_LIMIT / 2 + 1), TARGET).form).toBe('url');
  });
});
