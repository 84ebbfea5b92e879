/**
 * What the step is waiting for right now (an answer from an endpoint, through a proxy), so that the overall
 * timeout can say what never came. Network code registers each wait as it starts and releases it when it ends.
 */
const waits = new Set<{ what: string; active: () => boolean }>();

/**
 * Registers a wait described as "an answer from …"; returns its release, which may be called more than once.
 * `active`, when given, is asked too: a wait it denies is over even if never released (Node emits nothing for a
 * request destroyed before it had a socket, as one waiting for a proxy's CONNECT answer is).
 */
export function waitingFor(what: string, active: () => boolean = () => true): () => void {
  const wait = { what, active };
  waits.add(wait);
  return () => {
    waits.delete(wait);
  };
}

/** Longest list of waits a message names. */
const MAX_NAMED = 3;

/** The waits under way, each once, for a message: "" when there are none. */
export function describeWaits(): string {
  for (const wait of waits) if (!wait.active()) waits.delete(wait);
  const distinct = [...new Set([...waits].map((wait) => wait.what))];
  if (distinct.length === 0) return '';
  const named = distinct.slice(0, MAX_NAMED).join('; ');
  const more = distinct.length - MAX_NAMED;
  return more > 0 ? `${named}; and ${more} more` : named;
}
