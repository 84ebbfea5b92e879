/**
 * The resource properties that may name a local file or folder to upload, as `aws cloudformation package` reads
 * them (the aws-cli's awscli/customizations/cloudformation/artifact_exporter.py lists them), and what each property
 * takes once uploaded: an `s3://bucket/key` URI, a bucket-and-key object with the property's own field names, or an
 * https URL (nested templates, which CloudFormation fetches itself).
 */

export type Reference =
  { form: 's3-uri' } | { form: 'bucket-key'; bucket: string; key: string } | { form: 'template-url' };

export interface ArtifactProperty {
  resourceType: string;
  /** Property path below Properties (or below the Metadata entry for metadata artifacts). */
  path: readonly string[];
  reference: Reference;
  /** Lambda code and layers must be zip archives: a single file is zipped too. */
  forceZip: boolean;
}

const S3_URI: Reference = { form: 's3-uri' };
const LAMBDA_CODE: Reference = { form: 'bucket-key', bucket: 'S3Bucket', key: 'S3Key' };
const BUCKET_KEY: Reference = { form: 'bucket-key', bucket: 'Bucket', key: 'Key' };
const TEMPLATE: Reference = { form: 'template-url' };

function property(resourceType: string, path: string, reference: Reference, forceZip = false): ArtifactProperty {
  return { resourceType, path: path.split('.'), reference, forceZip };
}

export const RESOURCE_ARTIFACTS: readonly ArtifactProperty[] = [
  property('AWS::Serverless::Function', 'CodeUri', S3_URI, true),
  property('AWS::Serverless::Api', 'DefinitionUri', S3_URI),
  property('AWS::Serverless::HttpApi', 'DefinitionUri', S3_URI),
  property('AWS::Serverless::LayerVersion', 'ContentUri', S3_URI, true),
  property('AWS::Serverless::StateMachine', 'DefinitionUri', BUCKET_KEY),
  property('AWS::Serverless::Application', 'Location', TEMPLATE),
  property('AWS::Lambda::Function', 'Code', LAMBDA_CODE, true),
  property('AWS::Lambda::LayerVersion', 'Content', LAMBDA_CODE, true),
  property('AWS::ApiGateway::RestApi', 'BodyS3Location', BUCKET_KEY),
  property('AWS::ApiGatewayV2::Api', 'BodyS3Location', BUCKET_KEY),
  property('AWS::AppSync::GraphQLSchema', 'DefinitionS3Location', S3_URI),
  property('AWS::AppSync::Resolver', 'RequestMappingTemplateS3Location', S3_URI),
  property('AWS::AppSync::Resolver', 'ResponseMappingTemplateS3Location', S3_URI),
  property('AWS::AppSync::Resolver', 'CodeS3Location', S3_URI),
  property('AWS::AppSync::FunctionConfiguration', 'RequestMappingTemplateS3Location', S3_URI),
  property('AWS::AppSync::FunctionConfiguration', 'ResponseMappingTemplateS3Location', S3_URI),
  property('AWS::AppSync::FunctionConfiguration', 'CodeS3Location', S3_URI),
  property('AWS::StepFunctions::StateMachine', 'DefinitionS3Location', BUCKET_KEY),
  property('AWS::ElasticBeanstalk::ApplicationVersion', 'SourceBundle', LAMBDA_CODE),
  property('AWS::Glue::Job', 'Command.ScriptLocation', S3_URI),
  property('AWS::CodeCommit::Repository', 'Code.S3', { form: 'bucket-key', bucket: 'Bucket', key: 'Key' }, true),
  property('AWS::CloudFormation::Stack', 'TemplateURL', TEMPLATE),
];

/** Artifacts named in the template's Metadata section, keyed by the metadata entry's name. */
export const METADATA_ARTIFACTS: readonly ArtifactProperty[] = [
  property('AWS::ServerlessRepo::Application', 'ReadmeUrl', S3_URI),
  property('AWS::ServerlessRepo::Application', 'LicenseUrl', S3_URI),
];

/** A value that already points somewhere CloudFormation can read: nothing to upload. */
export function isRemoteLocation(value: string): boolean {
  return /^(s3|https?):\/\//i.test(value);
}
