/**
 * The `reason` texts of experiment and action states. Those marked "documented" are the words FIS uses in the
 * AWS documentation's examples; the others are the fake's own wording, in the same style (FIS publishes no list).
 */
export const REASONS = {
  experiment: {
    pending: 'Experiment is pending.',
    initiating: 'Experiment is initiating.',
    /** documented: https://docs.aws.amazon.com/fis/latest/userguide/monitoring-eventbridge.html */
    running: 'Experiment is running.',
    /** documented: https://docs.aws.amazon.com/cli/latest/reference/fis/get-experiment.html */
    completed: 'Experiment completed.',
    /** documented: https://docs.aws.amazon.com/cli/latest/reference/fis/stop-experiment.html */
    stopping: 'Stopping Experiment.',
    stopped: 'Experiment stopped.',
    cancelled: 'Experiment cancelled before it started.',
    stopCondition: (alarmArn: string) => `Experiment stopped by stop condition: ${alarmArn} is in ALARM.`,
    alarmMissing: (alarmArn: string) => `Stop condition alarm ${alarmArn} does not exist.`,
    noCloudWatch: (alarmArn: string) => `The fake FIS has no CloudWatch endpoint to watch ${alarmArn}.`,
    actionFailed: (action: string) => `Experiment failed: action ${action} failed.`,
    targetsEmpty: (target: string) => `Target resolution failed: target ${target} resolved to no resources.`,
  },
  action: {
    pending: 'Action is pending.',
    initiating: 'Action is initiating.',
    running: 'Action is running.',
    /** documented: https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html (action-end) */
    completed: 'Action was completed.',
    cancelled: 'Action was cancelled.',
    stopping: 'Action is stopping.',
    stopped: 'Action was stopped.',
    skipped: 'Action was skipped.',
    failed: 'Action failed.',
  },
} as const;
