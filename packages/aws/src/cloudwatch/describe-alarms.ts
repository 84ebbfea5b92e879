/**
 * CloudWatch DescribeAlarms (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html)
 * on the Query protocol, through a signed sender for the service `monitoring`: the state of each named metric or
 * composite alarm. Names are sent in pages of 100 (the API's limit for AlarmNames); `NextToken` is followed.
 */
import { find, parseXml, textAt, type XmlElement } from '../sts/xml-fields.js';
import type { SignedSender } from '../transport/signed-sender.js';

export const CLOUDWATCH_API_VERSION = '2010-08-01';

export interface AlarmDescription {
  name: string;
  arn: string;
  /** OK, ALARM or INSUFFICIENT_DATA. */
  state: string;
  reason?: string;
}

const PAGE = 100;

function alarmsIn(list: XmlElement | undefined): AlarmDescription[] {
  return (list?.children ?? [])
    .filter((member) => member.name === 'member')
    .map((member) => {
      const reason = textAt(member, 'StateReason');
      return {
        name: textAt(member, 'AlarmName') ?? '',
        arn: textAt(member, 'AlarmArn') ?? '',
        state: textAt(member, 'StateValue') ?? '',
        ...(reason ? { reason } : {}),
      };
    })
    .filter((alarm) => alarm.name);
}

/** The alarms CloudWatch knows among `names`, by name; a name absent from the map is an alarm that does not exist. */
export async function describeAlarms(
  sender: SignedSender,
  names: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, AlarmDescription>> {
  const found = new Map<string, AlarmDescription>();
  const unique = [...new Set(names)];
  for (let start = 0; start < unique.length; start += PAGE) {
    const page = unique.slice(start, start + PAGE);
    let nextToken: string | undefined;
    do {
      const form = new URLSearchParams({ Action: 'DescribeAlarms', Version: CLOUDWATCH_API_VERSION });
      page.forEach((name, i) => form.append(`AlarmNames.member.${i + 1}`, name));
      form.append('AlarmTypes.member.1', 'MetricAlarm');
      form.append('AlarmTypes.member.2', 'CompositeAlarm');
      if (nextToken) form.append('NextToken', nextToken);
      const answer = await sender.send(
        {
          operation: 'cloudwatch:DescribeAlarms',
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: form.toString(),
        },
        signal,
      );
      const result = find(parseXml(answer.body), 'DescribeAlarmsResult');
      for (const alarm of [...alarmsIn(find(result, 'MetricAlarms')), ...alarmsIn(find(result, 'CompositeAlarms'))]) {
        found.set(alarm.name, alarm);
      }
      nextToken = textAt(result, 'NextToken')?.trim() || undefined;
    } while (nextToken);
  }
  return found;
}
