import { actionTimeout, input, requestTimeout } from '@aws-delivery/action-kit';
import { SEVERITIES } from '@aws-delivery/findings';
import { RESULT_FORMATS } from './parse/result-formats.js';
import { SCANNERS } from './scan/scanner.js';

const severity = () => input.enumOf(SEVERITIES);
const count = () => input.integer({ min: 0 });

/** Every input of action.yml; policy inputs have no default here so that a policy file can set them. */
export const inputSpec = {
  scanner: input.enumOf(SCANNERS, { default: 'tfsec' }),
  'scanner-version': input.string(),
  'scanner-sha256': input.string(),
  'scanner-path': input.string(),
  'download-url': input.string(),
  'working-directory': input.string({ default: '.' }),
  'tfvars-files': input.list(),
  'config-file': input.string(),
  'extra-args': input.list({ separator: 'newline' }),
  'exclude-paths': input.list(),
  'results-file': input.string(),
  'results-format': input.enumOf(RESULT_FORMATS, { default: 'auto' }),
  'policy-file': input.string({ default: '.tfsec-gate.yml' }),
  'fail-on': input.enumOf([...SEVERITIES, 'none'] as const),
  'report-threshold': severity(),
  'max-critical': count(),
  'max-high': count(),
  'max-medium': count(),
  'max-low': count(),
  'baseline-file': input.string(),
  'write-baseline': input.string(),
  'fail-on-expired': input.boolean(),
  'require-ignore-expiry': input.boolean(),
  'terraform-workspace': input.string({ default: 'default' }),
  'output-dir': input.string({ default: 'tfsec-gate-results' }),
  'aws-region': input.string(),
  'aws-account-id': input.string(),
  'security-hub-import': input.boolean({ default: 'false' }),
  'github-token': input.string({ secret: true, default: '${{ github.token }}' }),
  'pr-comment': input.boolean({ default: 'true' }),
  'http-proxy': input.string({ secret: true }),
  ...requestTimeout(30),
  ...actionTimeout(900),
};
