/** Jest runs TypeScript as native ESM: swc strips types, Node's VM modules load the result. */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  testEnvironment: '<rootDir>/packages/testing/src/jest/environment.mjs',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: [
    '<rootDir>/actions/*/test/**/*.test.ts',
    '<rootDir>/packages/*/test/**/*.test.ts',
    '<rootDir>/scripts/test/**/*.test.ts',
  ],
  // Fails any test that lets a workflow command line (`::…`) reach the real stdout; see the file for the design.
  // The test environment above is jest's node environment plus the guard's last check, after afterAll hooks.
  setupFilesAfterEnv: ['<rootDir>/packages/testing/src/jest/stdout-guard.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
