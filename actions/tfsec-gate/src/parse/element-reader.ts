import type { FindingDraft } from '@aws-delivery/findings';

/**
 * Reads one element of a report's big array (Trivy `Results`, tfsec `results`) into drafts. `index` is the
 * element's position, for error messages. Made by a reader that has already checked the rest of the document.
 */
export type ElementReader = (element: unknown, index: number, drafts: FindingDraft[]) => void;
