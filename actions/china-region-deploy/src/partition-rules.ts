/**
 * What is partition-specific in a template's strings, as data: ARN prefixes and DNS suffixes (derived from the one
 * partition table in @aws-delivery/aws), the endpoints that exist only in the commercial partition, and the IAM
 * service principals that differ in the China regions.
 */
import { PARTITIONS } from '@aws-delivery/aws/names';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `arn:<partition>:` for every partition in the table, longest id first so `aws-cn` is not read as `aws`. */
export const ARN_PARTITION_PATTERN = new RegExp(
  `arn:(${[...PARTITIONS]
    .map((partition) => partition.id)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')}):`,
  'g',
);

const SUFFIXES = [...new Set(PARTITIONS.map((partition) => partition.dnsSuffix))].sort((a, b) => b.length - a.length);

/**
 * A host name ending in one of the partitions' DNS suffixes: its labels (which may be `${...}` Sub variables) and
 * the suffix. The character after it must not continue a host name.
 */
export const HOST_PATTERN = new RegExp(
  `((?:[A-Za-z0-9-]+\\.|\\$\\{[A-Za-z0-9:._-]+\\}\\.)*)(${SUFFIXES.map(escapeRegExp).join('|')})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`,
  'g',
);

export interface GlobalEndpoint {
  /** The host, or a pattern of hosts (a bucket's virtual host on the global S3 endpoint). */
  host: RegExp;
  what: string;
  /** The regional form to write instead (Sub syntax), when one works in every partition. */
  regional?: (host: string) => string;
}

/**
 * Endpoints of the commercial partition's global services that do not exist in the China partition, where each
 * service has regional endpoints under amazonaws.com.cn instead (Amazon Web Services in China, "Endpoints and ARNs":
 * https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-arns.html).
 */
export const GLOBAL_ENDPOINTS: readonly GlobalEndpoint[] = [
  {
    host: /^s3(-external-1)?\.amazonaws\.com$/,
    what: 'the global S3 endpoint',
    regional: () => 's3.${AWS::Region}.${AWS::URLSuffix}',
  },
  {
    host: /^(.+)\.s3(-external-1)?\.amazonaws\.com$/,
    what: "a bucket's virtual host on the global S3 endpoint",
    regional: (host) =>
      `${host.replace(/\.s3(-external-1)?\.amazonaws\.com$/, '')}.s3.\${AWS::Region}.\${AWS::URLSuffix}`,
  },
  {
    host: /^sts\.amazonaws\.com$/,
    what: 'the global STS endpoint',
    regional: () => 'sts.${AWS::Region}.${AWS::URLSuffix}',
  },
  {
    host: /^iam\.amazonaws\.com$/,
    what: 'the IAM endpoint of the commercial partition (China: iam.cn-north-1.amazonaws.com.cn)',
  },
  { host: /^route53\.amazonaws\.com$/, what: 'the Route 53 endpoint of the commercial partition' },
  { host: /^cloudfront\.amazonaws\.com$/, what: 'the CloudFront endpoint of the commercial partition' },
  {
    host: /^organizations\.us-east-1\.amazonaws\.com$/,
    what: 'the Organizations endpoint of the commercial partition',
  },
];

/**
 * IAM service principals. In every partition a service's principal is `<service>.amazonaws.com`, also in China
 * (aws-cdk's region-info: "Service principals are now globally `<SERVICE>.amazonaws.com`"; a Lambda role with
 * `lambda.amazonaws.com.cn` fails with "Invalid principal in policy", github.com/aws/aws-cdk/issues/2198; ECS,
 * API Gateway, CloudFormation, S3, Auto Scaling and Lambda keep `.amazonaws.com` in China,
 * github.com/mapbox/cloudfriend/issues/56), with these exceptions in aws-cn:
 * - `codedeploy` and `logs` are regional there: `<service>.<region>.amazonaws.com.cn` (aws-cdk region-info
 *   default.ts; CloudWatch Logs subscription permissions, github.com/serverless/serverless/issues/12087);
 * - `elasticmapreduce` takes the partition's suffix: `elasticmapreduce.amazonaws.com.cn` (aws-cdk region-info).
 * `ec2.amazonaws.com.cn` is the older China form of the EC2 principal (github.com/aws/aws-cdk/issues/1282) and is
 * still accepted there; it is wrong in every other partition.
 */
export const CHINA_REGIONAL_PRINCIPALS: ReadonlySet<string> = new Set(['codedeploy', 'logs']);
export const CHINA_SUFFIXED_PRINCIPALS: ReadonlySet<string> = new Set(['elasticmapreduce']);
export const CHINA_LEGACY_PRINCIPALS: ReadonlySet<string> = new Set(['ec2']);

/** Object keys under which a string names a service principal. */
export const PRINCIPAL_KEYS: ReadonlySet<string> = new Set([
  'Principal',
  'NotPrincipal',
  'iam:PassedToService',
  'aws:PrincipalServiceName',
  'ServicePrincipal',
]);
