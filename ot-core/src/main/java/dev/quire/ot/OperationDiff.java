package dev.quire.ot;

import java.util.Objects;

/**
 * {@link TextOperation#diff(String, String)}: the smallest single splice between two texts, the
 * same algorithm as the editor's {@code diffToOperation}
 * ({@code web-editor/packages/quire-client/src/ot/diff.ts}), so that Java and TypeScript produce
 * the same operation for the same texts (the shared vectors in {@code diff.json} check it).
 */
final class OperationDiff {
    private OperationDiff() {}

    static TextOperation diff(String before, String after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        int max = Math.min(before.length(), after.length());
        int prefix = 0;
        while (prefix < max && before.charAt(prefix) == after.charAt(prefix)) {
            prefix++;
        }
        // The common part ends inside a pair when its last unit is a high surrogate: both texts
        // share that unit, so stepping back one keeps the pair whole in both.
        if (prefix > 0 && Character.isHighSurrogate(before.charAt(prefix - 1))) {
            prefix--;
        }
        // The suffix is searched only in what the prefix left, so the two never overlap; with
        // repeated text ("aa" -> "aaa") the prefix takes the longest share and the insert goes last.
        int maxSuffix = max - prefix;
        int suffix = 0;
        while (suffix < maxSuffix
                && before.charAt(before.length() - 1 - suffix) == after.charAt(after.length() - 1 - suffix)) {
            suffix++;
        }
        if (suffix > 0 && Character.isLowSurrogate(before.charAt(before.length() - suffix))) {
            suffix--;
        }
        String inserted = after.substring(prefix, after.length() - suffix);
        int bad = Surrogates.unpaired(inserted);
        if (bad >= 0) {
            throw new InvalidOperationException("diff: after has an unpaired surrogate at index " + (prefix + bad));
        }
        int deleteCount = before.length() - prefix - suffix;
        return TextOperation.splice(prefix, inserted, deleteCount, before.length(), after.length());
    }
}
