/** Longest part of a value `quote` shows. */
const MAX_QUOTED = 60;

/**
 * A value from outside (an input, a server's answer) for a message: in double quotes with JSON's escapes, so line
 * breaks and control characters show as `\n` and the like and the message stays on one line; cut after `max`
 * characters with an ellipsis and the full length.
 */
export function quote(value: string, max = MAX_QUOTED): string {
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, max))}… (${value.length} characters)`;
}
