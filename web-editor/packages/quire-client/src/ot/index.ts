/**
 * Operational transformation for plain text: a faithful TypeScript port of ot-core's
 * `TextOperation` (which follows ot.js). Pure values, no I/O, no editor.
 */
export { TextOperation, TextOperationBuilder } from './text-operation.js';
export type { Component, Transformed } from './text-operation.js';
export { InvalidOperationError } from './errors.js';
export { transformSelection } from './selection.js';
export { diffToOperation } from './diff.js';
export type { SelectionRange } from './selection.js';
export { transformRange } from './anchored-range.js';
export type { AnchoredRange } from './anchored-range.js';
