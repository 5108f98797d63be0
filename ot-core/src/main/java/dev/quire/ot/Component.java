package dev.quire.ot;

import java.util.Objects;

/**
 * One component of a {@link TextOperation}, as a value: {@link Retain}, {@link Insert} or
 * {@link Delete}. {@link TextOperation#components()} lists an operation's components in order,
 * in canonical form (no two adjacent of one kind, an insert before a delete at the same place,
 * none empty).
 *
 * <pre>{@code
 * for (Component c : TextOperation.parse("[5,\"ab\",-3,4]").components()) {
 *     if (c instanceof Component.Insert insert) {
 *         System.out.println("inserts " + insert.text());   // inserts ab
 *     }
 * }
 * }</pre>
 *
 * <p>The records check their values, so every component is one an operation can hold.
 */
public sealed interface Component {
    /**
     * How many characters of the document this component retains, inserts or deletes.
     *
     * @return the count of a retain or a delete, or the length of an insert's text, in UTF-16
     *     code units; always positive
     */
    int length();

    /**
     * Keeps the next {@code count} characters.
     *
     * @param count how many characters, in UTF-16 code units; positive
     */
    record Retain(int count) implements Component {
        /**
         * Checks the count.
         *
         * @param count how many characters
         * @throws InvalidOperationException if count is not positive
         *     ({@code Retain: expected count > 0, found 0})
         */
        public Retain {
            if (count <= 0) {
                throw new InvalidOperationException("Retain: expected count > 0, found " + count);
            }
        }

        @Override
        public int length() {
            return count;
        }
    }

    /**
     * Inserts {@code text} at the current place.
     *
     * @param text the inserted text; not empty, no unpaired surrogate
     */
    record Insert(String text) implements Component {
        /**
         * Checks the text.
         *
         * @param text the inserted text
         * @throws InvalidOperationException if text is empty or has an unpaired surrogate
         *     ({@code Insert: unpaired surrogate at index 0 of the text})
         * @throws NullPointerException if text is null
         */
        public Insert {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new InvalidOperationException("Insert: expected a non-empty text, found an empty string");
            }
            int bad = Surrogates.unpaired(text);
            if (bad >= 0) {
                throw new InvalidOperationException("Insert: unpaired surrogate at index " + bad + " of the text");
            }
        }

        @Override
        public int length() {
            return text.length();
        }
    }

    /**
     * Deletes the next {@code count} characters.
     *
     * @param count how many characters, in UTF-16 code units; positive
     */
    record Delete(int count) implements Component {
        /**
         * Checks the count.
         *
         * @param count how many characters
         * @throws InvalidOperationException if count is not positive
         *     ({@code Delete: expected count > 0, found 0})
         */
        public Delete {
            if (count <= 0) {
                throw new InvalidOperationException("Delete: expected count > 0, found " + count);
            }
        }

        @Override
        public int length() {
            return count;
        }
    }
}
