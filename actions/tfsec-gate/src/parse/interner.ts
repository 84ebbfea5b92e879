/**
 * One copy of each repeated text. JSON.parse makes a new string for every occurrence, and a report of 100,000
 * findings repeats each rule's title, resolution and link thousands of times: sharing them saves about a third of
 * the findings' memory (and the garbage collector's time copying them).
 */
export function interner(): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    const seen = known.get(text);
    if (seen !== undefined) return seen;
    known.set(text, text);
    return text;
  };
}
