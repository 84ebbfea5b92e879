/**
 * The runner's secret masking of one log line: every occurrence of every registered value is replaced by `***`,
 * overlapping occurrences merged into one. (The runner also masks some encodings of each value, such as its
 * base64 and JSON-escaped forms; the simulator masks the value as registered.)
 */
export function maskLine(text: string, masks: readonly string[]): string {
  const ranges: [number, number][] = [];
  for (const mask of masks) {
    if (mask === '') continue;
    for (let at = text.indexOf(mask); at >= 0; at = text.indexOf(mask, at + 1)) ranges.push([at, at + mask.length]);
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let result = '';
  let done = 0;
  let current = ranges[0]!;
  for (const range of ranges.slice(1)) {
    if (range[0] <= current[1]) current = [current[0], Math.max(current[1], range[1])];
    else {
      result += text.slice(done, current[0]) + '***';
      done = current[1];
      current = range;
    }
  }
  return result + text.slice(done, current[0]) + '***' + text.slice(current[1]);
}
