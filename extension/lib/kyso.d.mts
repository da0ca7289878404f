// Types for the ES module build kyso.mjs: the same as kyso.d.ts.
export * from './kyso.js';
