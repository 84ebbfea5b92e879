// Types for scripts/release.mjs, so TypeScript tests can import it.
export interface ReleaseVersion {
  version: string;
  tag: string;
  major: number;
  minor: number;
  patch: number;
  prerelease: boolean;
}
export declare function parseVersion(text: string): ReleaseVersion;
export declare function releaseNotes(changelog: string, version: string): string;
export declare function majorTagToMove(version: string, existingTags: readonly string[]): string | undefined;
export declare function releasePlan(requested: string, existingTags: readonly string[]): string;
