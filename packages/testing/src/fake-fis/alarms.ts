/**
 * Reads CloudWatch alarm states for stop conditions, as FIS does: DescribeAlarms
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html) over the Query
 * protocol, signed with SigV4 (service `monitoring`) by @aws-delivery/aws's signer, against a real endpoint
 * (moto in tests, where SetAlarmState moves an alarm).
 */
import { signRequest } from '@aws-delivery/aws/signing';
import type { SigningCredentials } from '@aws-delivery/aws/signing';
import type { AlarmState } from './engine.js';

export interface CloudWatchConfig {
  endpoint: string;
  credentials: SigningCredentials;
}

const MAX_NAMES_PER_CALL = 100;

function alarmName(arn: string): { region: string; name: string } | undefined {
  const match = /^arn:[^:]+:cloudwatch:([^:]+):\d{12}:alarm:(.+)$/.exec(arn);
  return match ? { region: match[1] ?? '', name: match[2] ?? '' } : undefined;
}

function xmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** AlarmArn → StateValue for the metric and composite alarms in a DescribeAlarms answer. */
export function parseDescribeAlarms(xml: string): Map<string, AlarmState> {
  const states = new Map<string, AlarmState>();
  for (const member of xml.split('<member>').slice(1)) {
    const arn = /<AlarmArn>([^<]*)<\/AlarmArn>/.exec(member)?.[1];
    const state = /<StateValue>([^<]*)<\/StateValue>/.exec(member)?.[1];
    if (arn && (state === 'OK' || state === 'ALARM' || state === 'INSUFFICIENT_DATA')) states.set(xmlText(arn), state);
  }
  return states;
}

/** The states of these alarms; an alarm CloudWatch does not know is absent from the map. */
export async function describeAlarms(
  config: CloudWatchConfig,
  arns: readonly string[],
): Promise<Map<string, AlarmState>> {
  const byRegion = new Map<string, string[]>();
  for (const arn of arns) {
    const parsed = alarmName(arn);
    if (!parsed) continue;
    byRegion.set(parsed.region, [...(byRegion.get(parsed.region) ?? []), parsed.name]);
  }
  const states = new Map<string, AlarmState>();
  for (const [region, names] of byRegion) {
    const unique = [...new Set(names)];
    for (let start = 0; start < unique.length; start += MAX_NAMES_PER_CALL) {
      const params = new URLSearchParams({ Action: 'DescribeAlarms', Version: '2010-08-01' });
      unique
        .slice(start, start + MAX_NAMES_PER_CALL)
        .forEach((name, i) => params.set(`AlarmNames.member.${i + 1}`, name));
      params.set('AlarmTypes.member.1', 'MetricAlarm');
      params.set('AlarmTypes.member.2', 'CompositeAlarm');
      const body = params.toString();
      const url = new URL('/', config.endpoint);
      const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
      const signed = signRequest({
        service: 'monitoring',
        region,
        credentials: config.credentials,
        method: 'POST',
        url,
        headers,
        body,
      });
      const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body });
      const text = await response.text();
      if (!response.ok)
        throw new Error(`CloudWatch DescribeAlarms answered HTTP ${response.status}: ${text.slice(0, 300)}`);
      for (const [arn, state] of parseDescribeAlarms(text)) states.set(arn, state);
    }
  }
  return states;
}
