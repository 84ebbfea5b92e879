/** The `results-format` values: what a results file (or the scanner's output) is read as. */
export const RESULT_FORMATS = ['auto', 'tfsec-json', 'trivy-json', 'sarif'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];
