package dev.quire.ot;

/**
 * Thrown when an operation, or the input it is combined with, is invalid: wrong lengths, a
 * malformed JSON component, a boundary that would split a surrogate pair. The message names
 * the function, what it expected and what it found, for example
 * {@code apply: baseLength 7 != document length 5}.
 */
public class InvalidOperationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message of the form {@code function: expected ... found ...}
     */
    public InvalidOperationException(String message) {
        super(message);
    }
}
