/**
 * Template files in the shape of CreateExperimentTemplate's request
 * (https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html), partition-checked
 * against the region the experiment runs in.
 */
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { parseTemplateFile } from '../src/core/template-file.js';

const YAML = `
description: Stop one web instance for five minutes
roleArn: arn:aws:iam::123456789012:role/fis-experiments
stopConditions:
  - source: aws:cloudwatch:alarm
    value: arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-5xx
targets:
  web:
    resourceType: aws:ec2:instance
    resourceTags: { app: web }
    selectionMode: COUNT(1)
actions:
  stop:
    actionId: aws:ec2:stop-instances
    parameters: { startInstancesAfterDuration: PT5M }
    targets: { Instances: web }
  wait:
    actionId: aws:fis:wait
    parameters: { duration: PT1M }
    startAfter: [stop]
tags:
  team: web
`;

function json(document: Record<string, unknown>): string {
  return JSON.stringify(document);
}

const BASE = {
  description: 'd',
  roleArn: 'arn:aws:iam::123456789012:role/fis',
  stopConditions: [{ source: 'aws:cloudwatch:alarm', value: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a' }],
  targets: {
    web: {
      resourceType: 'aws:ec2:instance',
      resourceArns: ['arn:aws:ec2:eu-west-1:123456789012:instance/i-1'],
      selectionMode: 'ALL',
    },
  },
  actions: { stop: { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'web' } } },
};

function refusal(document: Record<string, unknown>, region = 'eu-west-1', file = 't.json'): string {
  try {
    parseTemplateFile(json(document), file, region);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('the template was accepted');
}

describe('parseTemplateFile', () => {
  it('reads a YAML template into CreateExperimentTemplate members', () => {
    const template = parseTemplateFile(YAML, 'chaos/web.yaml', 'eu-west-1');
    expect(template).toEqual({
      description: 'Stop one web instance for five minutes',
      roleArn: 'arn:aws:iam::123456789012:role/fis-experiments',
      stopConditions: [
        { source: 'aws:cloudwatch:alarm', value: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-5xx' },
      ],
      targets: { web: { resourceType: 'aws:ec2:instance', resourceTags: { app: 'web' }, selectionMode: 'COUNT(1)' } },
      actions: {
        stop: {
          actionId: 'aws:ec2:stop-instances',
          parameters: { startInstancesAfterDuration: 'PT5M' },
          targets: { Instances: 'web' },
        },
        wait: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' }, startAfter: ['stop'] },
      },
      tags: { team: 'web' },
    });
  });

  it('reads the output of aws fis get-experiment-template, dropping its read-only fields', () => {
    const exported = {
      experimentTemplate: {
        ...BASE,
        id: 'EXT1',
        arn: 'arn:aws:fis:…',
        creationTime: '2026-01-01T00:00:00Z',
        lastUpdateTime: 1,
      },
    };
    const template = parseTemplateFile(json(exported), 'exported.json', 'eu-west-1');
    expect(template).not.toHaveProperty('id');
    expect(template.actions).toEqual(BASE.actions);
  });

  it('refuses a role ARN of another partition, naming both and the fix', () => {
    const message = refusal({ ...BASE, roleArn: 'arn:aws:iam::123456789012:role/fis' }, 'us-gov-west-1');
    expect(message).toMatch(
      /roleArn "arn:aws:iam::123456789012:role\/fis" is in partition aws .* region "us-gov-west-1" is in partition aws-us-gov/,
    );
    expect(message).toMatch(/arn:aws-us-gov:iam::123456789012:role\/fis/);
  });

  it('accepts the same template written for GovCloud', () => {
    const gov = JSON.parse(
      json(BASE).replaceAll('arn:aws:', 'arn:aws-us-gov:').replaceAll('eu-west-1', 'us-gov-west-1'),
    ) as Record<string, unknown>;
    expect(parseTemplateFile(json(gov), 'gov.json', 'us-gov-west-1').roleArn).toBe(
      'arn:aws-us-gov:iam::123456789012:role/fis',
    );
  });

  it('refuses target and alarm ARNs of another partition', () => {
    const target = {
      web: { ...BASE.targets.web, resourceArns: ['arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1'] },
    };
    expect(refusal({ ...BASE, targets: target })).toMatch(
      /targets\.web\.resourceArns\[0\] "arn:aws-cn:ec2.*is in partition aws-cn/,
    );
    const alarm = [
      { source: 'aws:cloudwatch:alarm', value: 'arn:aws-us-gov:cloudwatch:us-gov-west-1:123456789012:alarm:a' },
    ];
    expect(refusal({ ...BASE, stopConditions: alarm })).toMatch(
      /stopConditions\[0\]\.value .*is in partition aws-us-gov/,
    );
  });

  it.each([
    ['a role that is no IAM role', { roleArn: 'arn:aws:s3:::bucket' }, /is not an IAM role ARN/],
    ['no stop conditions', { stopConditions: [] }, /stopConditions is missing or empty/],
    [
      'aws:none, which FIS spells none',
      { stopConditions: [{ source: 'aws:none' }] },
      /FIS spells "no stop condition" as none/,
    ],
    [
      'an alarm ARN of another service',
      { stopConditions: [{ source: 'aws:cloudwatch:alarm', value: 'arn:aws:sns:eu-west-1:123456789012:topic' }] },
      /an ARN of sns, not cloudwatch/,
    ],
    [
      'a bad selection mode',
      { targets: { web: { ...BASE.targets.web, selectionMode: 'SOME' } } },
      /selectionMode is "SOME"/,
    ],
    [
      'a target with ARNs and tags',
      { targets: { web: { ...BASE.targets.web, resourceTags: { a: 'b' } } } },
      /both resourceArns and resourceTags/,
    ],
    ['no actions', { actions: {} }, /actions is missing or empty/],
    [
      'an action id not in aws:service:action form',
      { actions: { a: { actionId: 'stop' } } },
      /"stop" is not an FIS action id/,
    ],
    [
      'a duration that is not ISO 8601',
      { actions: { a: { actionId: 'aws:fis:wait', parameters: { duration: '5m' } } } },
      /"5m" is not an ISO 8601 duration/,
    ],
    [
      'an action target that is not defined',
      { actions: { a: { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'db' } } } },
      /names target "db", which the template does not define/,
    ],
    [
      'startAfter an unknown action',
      { actions: { a: { actionId: 'aws:fis:wait', startAfter: ['b'] } } },
      /startAfter does not list other actions/,
    ],
    [
      'a startAfter cycle',
      {
        actions: {
          a: { actionId: 'aws:fis:wait', startAfter: ['b'] },
          b: { actionId: 'aws:fis:wait', startAfter: ['a'] },
        },
      },
      /cycle \(a → b → a\)/,
    ],
    ['an unknown key', { actionz: {} }, /unknown key\(s\) "actionz"/],
    ['a tag value that is not a string', { tags: { n: 5 } }, /tags is not a map of strings/],
  ])('refuses %s', (_what, change, message) => {
    expect(refusal({ ...BASE, ...change })).toMatch(message);
  });

  it('names the file and says whether JSON or YAML did not parse', () => {
    expect(() => parseTemplateFile('{', 'bad.json', 'eu-west-1')).toThrow(/template-file bad.json is not valid JSON/);
    expect(() => parseTemplateFile('a: [', 'bad.yml', 'eu-west-1')).toThrow(/template-file bad.yml is not valid YAML/);
    expect(() => parseTemplateFile('- 1', 'list.yaml', 'eu-west-1')).toThrow(/the document is not a map/);
  });
});
