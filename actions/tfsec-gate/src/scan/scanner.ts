export const SCANNERS = ['tfsec', 'trivy'] as const;
export type Scanner = (typeof SCANNERS)[number];

/**
 * The version installed when `scanner-version` is empty. Both are releases whose asset names and checksums files
 * follow the documented naming (see install/release-assets.ts); change them deliberately, with the changelog read.
 */
export const DEFAULT_VERSIONS: Record<Scanner, string> = { tfsec: '1.28.14', trivy: '0.72.0' };
