/** A small application for the packaging tests: one template naming every kind of local artifact. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deterministicZip } from '../../src/package/deterministic-zip.js';

export function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

const MAIN = `# The application stack
Transform: AWS::Serverless-2016-10-31
Metadata:
  AWS::ServerlessRepo::Application:
    Name: app
    ReadmeUrl: README.md
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: ./functions/api   # zipped
      Handler: index.handler
  SamFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/api
  Single:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: scripts/single.py
  Layer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: layer.zip
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      BodyS3Location: api/openapi.yaml
  SamApi:
    Type: AWS::Serverless::Api
    Properties:
      DefinitionUri: api/openapi.yaml
  Schema:
    Type: AWS::AppSync::GraphQLSchema
    Properties:
      DefinitionS3Location: graphql/schema.graphql
  Resolver:
    Type: AWS::AppSync::Resolver
    Properties:
      RequestMappingTemplateS3Location: graphql/request.vtl
      ResponseMappingTemplateS3Location: s3://elsewhere/response.vtl
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionS3Location: states/machine.asl.json
  Glue:
    Type: AWS::Glue::Job
    Properties:
      Command: {Name: glueetl, ScriptLocation: glue/job.py}
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/child.yaml
  Inline:
    Type: AWS::Lambda::Function
    Properties:
      Code: {ZipFile: "exports.handler = async () => 1;"}
  Shared:
    Type: AWS::SNS::Topic
    Properties:
      Fn::Transform:
        Name: AWS::Include
        Parameters:
          Location: snippets/topic.yaml
`;

const CHILD = `Resources:
  ChildFn:
    Type: AWS::Lambda::Function
    Properties:
      Code: ../functions/api
`;

export function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'package-'));
  write(root, {
    'template.yaml': MAIN,
    'README.md': '# app\n',
    'functions/api/index.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
    'functions/api/lib/util.js': 'module.exports = {};\n',
    'functions/api/bootstrap': '#!/bin/sh\n',
    'scripts/single.py': 'def handler(e, c):\n    return 1\n',
    'layer.zip': deterministicZip([{ name: 'python/x.py', data: Buffer.from('x = 1\n'), executable: false }]),
    'api/openapi.yaml': 'openapi: 3.0.0\n',
    'graphql/schema.graphql': 'type Query { a: String }\n',
    'graphql/request.vtl': '{}\n',
    'states/machine.asl.json': '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}\n',
    'glue/job.py': 'print(1)\n',
    'nested/child.yaml': CHILD,
    'snippets/topic.yaml': 'TopicName: shared\n',
  });
  chmodSync(join(root, 'functions/api/bootstrap'), 0o755);
  return root;
}
