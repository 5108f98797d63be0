package dev.quire.ot.testing;

import dev.quire.ot.TextOperation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A naive model of documents and edits, independent of {@link TextOperation#apply} (ottypes/fuzzer's
 * rule): a document is a list of code points (each a 1- or 2-char string), an edit says, for every
 * gap of the document, what is inserted there and, for every code point, whether it is deleted.
 * Edits therefore never split a surrogate pair.
 *
 * <p>Edits are kept canonical the way {@link TextOperation.Builder} is: text inserted next to a
 * deletion belongs to the gap where that run of deleted code points starts.
 */
public final class Model {
    private static final String[] ALPHABET = {
        "a", "b", "c", "x", "y", " ", "\n", "\u00e9", "\u4e2d", "\uD83D\uDE00", "\uD83D\uDC4D", "\uD83C\uDF89"
    };

    private Model() {}

    /** A random code point from a small alphabet with ASCII, accents, CJK and emoji. */
    public static String randomChar(Random random) {
        return ALPHABET[random.nextInt(ALPHABET.length)];
    }

    /** A random string of {@code 1..max} code points. */
    public static String randomText(Random random, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 1 + random.nextInt(max); i > 0; i--) {
            s.append(randomChar(random));
        }
        return s.toString();
    }

    /** A random document of {@code 0..max} code points. */
    public static List<String> randomDoc(Random random, int max) {
        int n = random.nextInt(max + 1);
        List<String> doc = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            doc.add(randomChar(random));
        }
        return doc;
    }

    /** Splits a string into code points. */
    public static List<String> codePoints(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int n = Character.charCount(s.codePointAt(i));
            out.add(s.substring(i, i + n));
            i += n;
        }
        return out;
    }

    /** Joins code points into a string. */
    public static String text(List<String> doc) {
        return String.join("", doc);
    }

    /** The number of UTF-16 code units of the first {@code count} code points. */
    public static int units(List<String> doc, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += doc.get(i).length();
        }
        return n;
    }

    /**
     * One edit of a document of {@code deleted.length} code points: {@code inserts[g]} goes at gap
     * g (before code point g; gap n is the end), {@code deleted[i]} removes code point i.
     */
    public record Edit(String[] inserts, boolean[] deleted) {
        /** Moves every insert that follows a deleted code point to the start of that deleted run. */
        public Edit canonical() {
            String[] ins = inserts.clone();
            int runStart = -1;
            for (int g = 0; g < ins.length; g++) {
                if (g > 0 && deleted[g - 1]) {
                    if (!ins[g].isEmpty()) {
                        ins[runStart] = ins[runStart] + ins[g];
                        ins[g] = "";
                    }
                } else {
                    runStart = g;
                }
            }
            return new Edit(ins, deleted.clone());
        }

        /** The edit as an operation, built component by component. */
        public TextOperation toOperation(List<String> doc) {
            TextOperation.Builder b = TextOperation.builder();
            for (int g = 0; g <= doc.size(); g++) {
                b.insert(inserts[g]);
                if (g < doc.size()) {
                    if (deleted[g]) {
                        b.delete(doc.get(g).length());
                    } else {
                        b.retain(doc.get(g).length());
                    }
                }
            }
            return b.build();
        }

        /** The document after the edit, computed without {@link TextOperation#apply}. */
        public List<String> applyTo(List<String> doc) {
            List<String> out = new ArrayList<>();
            for (int g = 0; g <= doc.size(); g++) {
                out.addAll(codePoints(inserts[g]));
                if (g < doc.size() && !deleted[g]) {
                    out.add(doc.get(g));
                }
            }
            return out;
        }

        /**
         * Where code-point gap {@code gap} lands after the edit, in UTF-16 units: text inserted at
         * the gap comes before it; a gap inside a deleted run lands after the run's inserts.
         */
        public int transformGap(List<String> doc, int gap) {
            int pos = 0;
            for (int g = 0; g <= gap; g++) {
                pos += inserts[g].length();
                if (g < gap && !deleted[g]) {
                    pos += doc.get(g).length();
                }
            }
            return pos;
        }
    }

    /** A random edit of {@code doc}: a splice, or scattered inserts and deletes. */
    public static Edit randomEdit(Random random, List<String> doc) {
        int n = doc.size();
        String[] inserts = new String[n + 1];
        Arrays.fill(inserts, "");
        boolean[] deleted = new boolean[n];
        switch (random.nextInt(4)) {
            case 0 -> { // one splice: retain(pos).delete(k).insert(s).retain(rest)
                int pos = random.nextInt(n + 1);
                int k = random.nextInt(n - pos + 1);
                Arrays.fill(deleted, pos, pos + k, true);
                if (random.nextInt(3) > 0) {
                    inserts[pos] = randomText(random, 4);
                }
            }
            case 1 -> { // nothing at all, or only retains
            }
            default -> { // scattered; about 6 inserts at most on average, so documents stay small
                double insertRate = random.nextDouble() * Math.min(0.5, 6.0 / (n + 1));
                double deleteRate = random.nextDouble() * Math.min(0.5, 8.0 / (n + 1));
                for (int g = 0; g <= n; g++) {
                    if (random.nextDouble() < insertRate) {
                        inserts[g] = randomText(random, 3);
                    }
                    if (g < n && random.nextDouble() < deleteRate) {
                        deleted[g] = true;
                    }
                }
            }
        }
        return new Edit(inserts, deleted).canonical();
    }

    /**
     * The document both concurrent edits produce, computed without transform or apply: at every
     * gap {@code a}'s text, then {@code b}'s, then the code point if neither deleted it.
     */
    public static List<String> merge(List<String> doc, Edit a, Edit b) {
        List<String> out = new ArrayList<>();
        for (int g = 0; g <= doc.size(); g++) {
            out.addAll(codePoints(a.inserts()[g]));
            out.addAll(codePoints(b.inserts()[g]));
            if (g < doc.size() && !a.deleted()[g] && !b.deleted()[g]) {
                out.add(doc.get(g));
            }
        }
        return out;
    }
}
