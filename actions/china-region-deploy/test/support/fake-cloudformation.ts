/**
 * The fake CloudFormation of packages/testing, for this action's tests. packages/testing/src/index.ts does not
 * export it yet; once it does (`export * from './fake-cloudformation/index.js'`), this file imports it from
 * '@aws-delivery/testing' instead, and nothing else changes.
 */
export * from '../../../../packages/testing/src/fake-cloudformation/index.js';
