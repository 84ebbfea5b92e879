/**
 * The names of the inputs the core's messages point at: one place, so the action's metadata and the messages
 * cannot drift apart (action.yml must declare each of these).
 */
export const INPUT = {
  templateId: 'template-id',
  templateTags: 'template-tags',
  templateFile: 'template-file',
  region: 'region',
  unsupportedPartition: 'unsupported-partition',
  allowNoStopConditions: 'allow-no-stop-conditions',
  allowAlarmStates: 'allow-alarm-states',
  expectStopCondition: 'expect-stop-condition',
  tags: 'tags',
  timeout: 'timeout',
  probes: 'probes',
  keepTemplate: 'keep-template',
} as const;
