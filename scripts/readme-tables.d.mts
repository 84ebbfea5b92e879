// Types for scripts/readme-tables.mjs, so TypeScript tests can import it.
export declare const root: string;
export declare function inputsTable(inputs: unknown): string;
export declare function outputsTable(outputs: unknown): string;
export declare function renderReadme(readme: string, actionYml: string, file?: string): string;
export interface ReadmeStatus {
  action: string;
  file: string;
  error?: string;
  current?: string;
  fresh?: string;
  stale?: boolean;
}
export declare function readmeStatus(base?: string): ReadmeStatus[];
