// Types of actions.mjs, for the TypeScript scripts that use it (the benchmark).
export const root: string;
/** Every action folder under actions/ with the entry points (main, post) that exist in its src/. */
export function actionEntries(): { action: string; entry: 'main' | 'post'; source: string }[];
