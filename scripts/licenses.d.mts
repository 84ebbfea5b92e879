// Types for scripts/licenses.mjs, so TypeScript tests can import it.
export interface WebpackStatsModule {
  nameForCondition?: string;
  identifier?: string;
  chunks?: unknown[];
  orphan?: boolean;
  modules?: WebpackStatsModule[];
}
export interface WebpackStats {
  modules?: WebpackStatsModule[];
}
export interface PackageLicence {
  name: string;
  version: string;
  license: string;
  author?: string;
  repository?: string;
  files: { name: string; text: string }[];
}
export declare function packageDirOf(modulePath: string): string | undefined;
export declare function bundledModuleFiles(stats: WebpackStats): string[];
export declare function bundledPackages(stats: WebpackStats): string[];
export declare function describePackage(dir: string): PackageLicence;
export declare function renderLicenses(packages: readonly PackageLicence[]): string;
export declare function listedPackages(text: string): string[];
export declare function licensesFromStats(statsFile: string): string;
