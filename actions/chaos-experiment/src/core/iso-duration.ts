/**
 * ISO 8601 durations as FIS action parameters write them (`PT5M`, `PT1H30M`, `PT90S`, `P1D`;
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html). Years and months have no fixed
 * length, so they are not read.
 */
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds in an ISO 8601 duration, or undefined when the text is not one. */
export function isoDurationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(days) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}
