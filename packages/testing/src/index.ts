export * from './services/index.js';
export * from './runner/index.js';
export * from './fake-kubernetes/index.js';
