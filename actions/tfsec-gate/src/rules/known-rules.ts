/**
 * Checks whose ids we know in every generation: tfsec's legacy code, tfsec's long id (`<provider>-<service>-
 * <short code>`), and the AVD id (Trivy >= 0.69.1 prints it without the `AVD-` prefix).
 *
 * Only relations read in public sources are listed, each row with where it was read:
 * - fixture: packages/testing/fixtures/scanners (tfsec JSON prints `rule_id` and `long_id` together; Trivy before 0.69.1
 *   prints `ID` and `AVDID` together).
 * - defsec: the check's registration in aquasecurity/defsec (`AVDID`, `Service`, `ShortCode`).
 * - tfsec: the check's registration in aquasecurity/tfsec before v1 (`LegacyID`, `Service`, `ShortCode`).
 * Anything else is matched only through the ids a finding itself carries (see rule-ids.ts).
 */
export interface KnownRule {
  /** The AVD number without prefix: AWS-0088. */
  id: string;
  longId: string;
  legacyId?: string;
  /** Other ids scanners have printed for it (Trivy's rego ids before 0.69.1). */
  otherIds?: string[];
  source: string;
}

export const KNOWN_RULES: readonly KnownRule[] = [
  { id: 'AWS-0023', longId: 'aws-dynamodb-enable-at-rest-encryption', source: 'defsec' },
  { id: 'AWS-0030', longId: 'aws-ecr-enable-image-scans', legacyId: 'AWS023', source: 'fixture, tfsec' },
  { id: 'AWS-0031', longId: 'aws-ecr-enforce-immutable-repository', legacyId: 'AWS078', source: 'fixture, tfsec' },
  { id: 'AWS-0086', longId: 'aws-s3-block-public-acls', legacyId: 'AWS074', source: 'defsec, tfsec' },
  { id: 'AWS-0087', longId: 'aws-s3-block-public-policy', legacyId: 'AWS076', source: 'defsec, tfsec' },
  { id: 'AWS-0088', longId: 'aws-s3-enable-bucket-encryption', legacyId: 'AWS017', source: 'defsec, tfsec' },
  {
    id: 'AWS-0089',
    longId: 'aws-s3-enable-bucket-logging',
    legacyId: 'AWS002',
    otherIds: ['s3-bucket-logging'],
    source: 'defsec, tfsec, fixture (Trivy legacy ID s3-bucket-logging with AVDID AVD-AWS-0089)',
  },
  { id: 'AWS-0090', longId: 'aws-s3-enable-versioning', legacyId: 'AWS077', source: 'defsec, tfsec' },
  { id: 'AWS-0091', longId: 'aws-s3-ignore-public-acls', legacyId: 'AWS073', source: 'defsec, tfsec' },
  { id: 'AWS-0093', longId: 'aws-s3-no-public-buckets', legacyId: 'AWS075', source: 'defsec, tfsec' },
  { id: 'AWS-0094', longId: 'aws-s3-specify-public-access-block', legacyId: 'AWS098', source: 'defsec, tfsec' },
  { id: 'AWS-0132', longId: 'aws-s3-encryption-customer-key', source: 'defsec' },
];
