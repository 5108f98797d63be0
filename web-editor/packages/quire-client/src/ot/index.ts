/**
 * Operational transformation for plain text: a faithful TypeScript port of ot-core's
 * `TextOperation` (which follows ot.js). Pure values, no I/O, no editor.
 */
export { TextOperation, TextOperationBuilder } from './text-operation';
export type { Component, Transformed } from './text-operation';
export { InvalidOperationError } from './errors';
export { transformSelection } from './selection';
export { diffToOperation } from './diff';
export type { SelectionRange } from './selection';
