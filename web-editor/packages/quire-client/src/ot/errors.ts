/**
 * Thrown when an operation, or the input it is combined with, is invalid: wrong lengths, a
 * malformed JSON component, a boundary that would split a surrogate pair. The message names the
 * function, what it expected and what it found, e.g. `apply: baseLength 7 != document length 5`
 * (the same wording as ot-core's `InvalidOperationException`).
 */
export class InvalidOperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOperationError';
  }
}
