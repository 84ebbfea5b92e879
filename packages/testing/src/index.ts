export * from './services/index.js';
export * from './runner/index.js';
