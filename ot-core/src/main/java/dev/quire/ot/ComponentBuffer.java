package dev.quire.ot;

import java.util.Arrays;

/**
 * The components of an operation being built, kept in canonical form as they are appended:
 * adjacent components of one kind merge, an insert goes before a delete at the same place. What
 * {@link TextOperation.Builder} fills after checking its arguments, and what compose, transform
 * and the tree form append to directly. Internal.
 *
 * <p>The appends trust their arguments: counts are positive and lengths cannot overflow (they
 * are bounded by the lengths of valid operations); {@link TextOperation.Builder} checks both for
 * everyone else. {@link #build()} chooses the operation's form (see {@link TextOperation}): the
 * splice form for a single splice, else the arrays themselves, shared with the operation until
 * the next append copies them. Not thread-safe; after {@code build()} it can go on building a
 * longer operation.
 */
final class ComponentBuffer {
    // Component i is a retain when codes[i] > 0, a delete of -codes[i] when codes[i] < 0 and an
    // insert of texts[i] when codes[i] == 0; texts is null until the first insert.
    private int[] codes;
    private String[] texts;
    private int size;
    private int baseLength;
    private int targetLength;
    // Whether the arrays belong to an operation built from them: copied before the next change.
    private boolean shared;
    // The last insert, while it is being grown by merges, so merging stays linear.
    private StringBuilder open;
    private int openIndex = -1;

    ComponentBuffer(int capacity) {
        codes = new int[Math.max(capacity, 2)];
    }

    int baseLength() {
        return baseLength;
    }

    int targetLength() {
        return targetLength;
    }

    /** Keeps the next {@code count} characters, count &gt; 0. */
    void retain(int count) {
        baseLength += count;
        targetLength += count;
        if (size > 0 && codes[size - 1] > 0) {
            mutable();
            codes[size - 1] += count;
        } else {
            push(count, null);
        }
    }

    /** Deletes the next {@code count} characters, count &gt; 0. */
    void delete(int count) {
        baseLength += count;
        if (size > 0 && codes[size - 1] < 0) {
            mutable();
            codes[size - 1] -= count;
        } else {
            push(-count, null);
        }
    }

    /** Inserts {@code text} (no unpaired surrogate); an empty text inserts nothing. */
    void insert(String text) {
        int length = text.length();
        if (length == 0) {
            return;
        }
        targetLength += length;
        mutable();
        if (size > 0 && codes[size - 1] == 0) {
            appendTo(size - 1, text);
        } else if (size > 0 && codes[size - 1] < 0) {
            // Canonical form: an insert goes before a delete at the same place.
            if (size > 1 && codes[size - 2] == 0) {
                appendTo(size - 2, text);
            } else {
                push(codes[size - 1], null);
                codes[size - 2] = 0;
                texts()[size - 2] = text;
            }
        } else {
            push(0, text);
        }
    }

    private void appendTo(int index, String text) {
        if (openIndex != index) {
            closeOpen();
            open = new StringBuilder(texts[index].length() + text.length() + 16).append(texts[index]);
            openIndex = index;
        }
        open.append(text);
    }

    private void closeOpen() {
        if (open != null) {
            texts[openIndex] = open.toString();
            open = null;
            openIndex = -1;
        }
    }

    private void push(int code, String text) {
        mutable();
        if (size == codes.length) {
            int capacity = codes.length * 2;
            codes = Arrays.copyOf(codes, capacity);
            if (texts != null) {
                texts = Arrays.copyOf(texts, capacity);
            }
        }
        codes[size] = code;
        if (text != null) {
            texts()[size] = text;
        } else if (texts != null) {
            texts[size] = null;
        }
        size++;
    }

    private String[] texts() {
        if (texts == null) {
            texts = new String[codes.length];
        }
        return texts;
    }

    private void mutable() {
        if (shared) {
            codes = codes.clone();
            if (texts != null) {
                texts = texts.clone();
            }
            shared = false;
        }
    }

    /** The operation built so far, in the splice form when it is a single splice. */
    TextOperation build() {
        if (size == 0) {
            return TextOperation.splice(0, "", 0, 0, 0);
        }
        closeOpen();
        // A single splice (components in canonical order, each at most once) gets the splice form.
        int i = 0;
        int pos = 0;
        String insertText = "";
        int deleteCount = 0;
        if (codes[i] > 0) {
            pos = codes[i++];
        }
        if (i < size && codes[i] == 0) {
            insertText = texts[i++];
        }
        if (i < size && codes[i] < 0) {
            deleteCount = -codes[i++];
        }
        if (i < size && codes[i] > 0) {
            i++;
        }
        if (i == size) {
            return TextOperation.splice(pos, insertText, deleteCount, baseLength, targetLength);
        }
        shared = true;
        return new TextOperation(codes, texts, size, baseLength, targetLength);
    }
}
