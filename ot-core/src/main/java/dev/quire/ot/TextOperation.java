package dev.quire.ot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An edit of a whole plain-text document, as in ot.js: a sequence of components that walk the
 * document from start to end.
 *
 * <ul>
 *   <li><b>retain(n)</b> keeps the next n characters;
 *   <li><b>insert(s)</b> inserts s at the current place;
 *   <li><b>delete(n)</b> removes the next n characters.
 * </ul>
 *
 * <p>{@link #baseLength()} is the length of the document the operation applies to (retained
 * plus deleted characters) and {@link #targetLength()} the length it produces (retained plus
 * inserted characters). Lengths and positions count UTF-16 code units, as Java and JavaScript
 * strings do. An operation whose boundaries would split a surrogate pair of the document it is
 * applied to is invalid, as is an inserted string with an unpaired surrogate.
 *
 * <p>Operations are kept in one canonical form, so that {@link #equals} means "the same edit":
 * adjacent components of one kind are merged, an insert always comes before a delete at the same
 * place, and no component is empty. Trailing retains are kept: the operation spans the document.
 *
 * <p>The JSON form ({@link #toJson()}, {@link #fromJson(List)}) is ot.js's: a positive integer
 * retains, a string inserts, a negative integer deletes. {@code [5, "ab", -3]} keeps 5
 * characters, inserts "ab" and deletes 3 characters of an 8-character document. Its canonical
 * text, the server's wire form, is {@link #toString()}; {@link #parse(String)} reads it back.
 *
 * <pre>{@code
 * TextOperation op = TextOperation.builder().retain(5).insert("ab").delete(3).retain(4).build();
 * op.apply("Hello, world");   // "Helloaborld"
 * }</pre>
 *
 * <p>Make one with {@link #builder()}, with {@link #insert(int, String, int)},
 * {@link #delete(int, int, int)} or {@link #replace(int, int, String, int)} for one edit of a
 * document of known length, with {@link #diff(String, String)} from two texts, or read one with
 * {@link #parse(String)} or {@link #fromJson(List)}. {@link #components()} lists its components
 * as {@link Component} values.
 *
 * <p>Instances are immutable and safe to share between threads. Invalid input throws
 * {@link InvalidOperationException}.
 */
public final class TextOperation {
    private static final TextOperation EMPTY = new TextOperation(0, "", 0, 0, 0);

    // Two forms of one value. A single splice, retain? · insert? · delete? · retain? (what typing
    // produces, and most operations), is kept in fields: codes == null, pos is the leading retain,
    // then insertText ("" for none), deleteCount, and the trailing retain is what is left of
    // baseLength. The splice form is canonical too: an operation that only retains has
    // pos == baseLength. Every other operation is kept in arrays: component i is a retain when
    // codes[i] > 0, a delete of -codes[i] when codes[i] < 0 and an insert of texts[i] when
    // codes[i] == 0. Arrays may be longer than size (taken from a builder); texts is null when the
    // operation inserts nothing. Builder.build() chooses the form, so an operation is in the splice
    // form exactly when it is a single splice; equals, hashCode and the JSON form do not depend on
    // it. The splice form saves the arrays: a transform of two splices reads and writes 3 objects
    // instead of 7-9 (see SpliceTransform).
    private final int[] codes;
    private final String[] texts;
    private final int size;
    private final int baseLength;
    private final int targetLength;
    private final int pos;
    private final int deleteCount;
    private final String insertText;
    private int hash;
    // A third form, made by compose and transform when one side is long (see LongOperations): the
    // operation as a PieceTree, flattened into one of the two forms above the first time a
    // component is read. In that form pieces != null, codes == null and insertText == null.
    private final PieceTree pieces;
    // Caches filled on first use; a race computes equal values, and both classes publish safely
    // (final fields), so they need no lock: the flat form of a tree, the tree of a flat form.
    private TextOperation flattened;
    private PieceTree indexed;

    TextOperation(int[] codes, String[] texts, int size, int baseLength, int targetLength) {
        this.codes = codes;
        this.texts = texts;
        this.size = size;
        this.baseLength = baseLength;
        this.targetLength = targetLength;
        this.pos = 0;
        this.deleteCount = 0;
        this.insertText = null;
        this.pieces = null;
    }

    // The tree form; see of(PieceTree).
    private TextOperation(PieceTree pieces) {
        this.codes = null;
        this.texts = null;
        this.size = -1;
        this.baseLength = pieces.base;
        this.targetLength = pieces.target;
        this.pos = 0;
        this.deleteCount = 0;
        this.insertText = null;
        this.pieces = pieces;
    }

    /** The operation of a tree of pieces (null is the empty operation). */
    static TextOperation of(PieceTree pieces) {
        return pieces == null ? EMPTY : new TextOperation(pieces);
    }

    /** Whether this operation is kept as a {@link PieceTree} (made by the long-operation paths). */
    boolean hasPieces() {
        return pieces != null;
    }

    /** This operation's pieces, built from its components the first time (O(n log n)). */
    PieceTree pieces() {
        if (pieces != null) {
            return pieces;
        }
        PieceTree tree = indexed;
        if (tree == null) {
            tree = PieceTree.of(this);
            indexed = tree;
        }
        return tree;
    }

    /** This operation in one of the two flat forms: itself, or its tree flattened once. */
    TextOperation flat() {
        if (pieces == null) {
            return this;
        }
        TextOperation flat = flattened;
        if (flat == null) {
            ComponentBuffer out = new ComponentBuffer(16);
            PieceTree.appendTo(pieces, out);
            flat = out.build();
            flat.indexed = pieces;
            flattened = flat;
        }
        return flat;
    }

    // The splice form; callers pass canonical values (see splice).
    private TextOperation(int pos, String insertText, int deleteCount, int baseLength, int targetLength) {
        int insertLength = targetLength - baseLength + deleteCount;
        int after = baseLength - pos - deleteCount;
        this.codes = null;
        this.texts = null;
        this.size = (pos > 0 ? 1 : 0) + (insertLength > 0 ? 1 : 0) + (deleteCount > 0 ? 1 : 0) + (after > 0 ? 1 : 0);
        this.baseLength = baseLength;
        this.targetLength = targetLength;
        this.pos = pos;
        this.deleteCount = deleteCount;
        this.insertText = insertText;
        this.pieces = null;
    }

    /**
     * The single splice {@code retain(pos) · insert(insertText) · delete(deleteCount) · retain(rest)}
     * of a document of baseLength characters, whose targetLength the caller has computed
     * ({@code baseLength - deleteCount + insertText.length()}), so that the text is not read. For
     * the algebra: values from valid operations, not checked.
     */
    static TextOperation splice(int pos, String insertText, int deleteCount, int baseLength, int targetLength) {
        if (deleteCount == 0 && targetLength == baseLength) {
            // Only retains: one canonical value, whatever pos was.
            return baseLength == 0 ? EMPTY : new TextOperation(baseLength, "", 0, baseLength, baseLength);
        }
        return new TextOperation(pos, insertText, deleteCount, baseLength, targetLength);
    }

    /**
     * Returns a builder for a new operation.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder(8);
    }

    /**
     * Returns the operation that changes nothing in a document of {@code length} characters.
     *
     * @param length the document's length, &gt;= 0
     * @return {@code [length]}, or {@code []} for 0
     * @throws InvalidOperationException if length is negative
     */
    public static TextOperation identity(int length) {
        if (length < 0) {
            throw new InvalidOperationException("identity: expected length >= 0, found " + length);
        }
        return length == 0 ? EMPTY : builder().retain(length).build();
    }

    /**
     * Parses the JSON form {@code [5, "ab", -3]}: a positive integer retains, a non-empty string
     * inserts, a negative integer deletes. Numbers may be {@link Integer}, {@link Long},
     * {@link Double} (or any other {@link Number} with an exact integer value in int range).
     *
     * @param components the JSON array as a list, as a JSON library reads it
     * @return the operation, in canonical form
     * @throws InvalidOperationException naming the offending component and what was found
     */
    public static TextOperation fromJson(List<?> components) {
        return OperationJson.fromJson(components);
    }

    /**
     * Reads the JSON text form, for example {@code [5,"ab",-3]}: a JSON array (RFC 8259;
     * whitespace is allowed between tokens) whose elements are JSON strings and JSON numbers.
     * Strings take every JSON escape ({@code \"}, {@code \\}, {@code \/}, {@code \b},
     * {@code \f}, {@code \n}, {@code \r}, {@code \t} and four-hex-digit {@code \}{@code u}
     * escapes, a character outside the BMP as two of them); a control character (below U+0020)
     * must be escaped. Nested arrays, objects, {@code true}, {@code false}, {@code null} and
     * anything after the closing bracket are errors. No JSON library is involved.
     *
     * <p>The components then go through {@link #fromJson(List)}, each number as the value a JSON
     * library would give ({@link Integer}, {@link Long} or {@link java.math.BigInteger} for an
     * integer literal, {@link Double} for one with a fraction or an exponent): {@code [5.0]} and
     * {@code [5e0]} are {@code [5]}, while {@code [0]}, {@code [1.5]}, {@code [""]},
     * {@code [3000000000]} or an unpaired surrogate fail with {@code fromJson}'s messages. Every
     * text {@link #toString()} returns reads back to an equal operation.
     *
     * @param json the JSON text
     * @return the operation, in canonical form
     * @throws InvalidOperationException on a syntax error, naming the UTF-16 index into {@code json}
     *     ({@code parse: expected ',' or ']' at index 7, found 'x'}), or on an invalid component
     * @throws NullPointerException if json is null
     */
    public static TextOperation parse(String json) {
        return OperationJsonParser.parse(json);
    }

    /**
     * Returns the smallest single splice that turns {@code before} into {@code after}: the common
     * prefix and suffix are retained, what lies between is deleted from {@code before} and
     * inserted from {@code after}. A boundary never splits a surrogate pair (the common part is
     * shortened by one unit instead). When text repeats, the prefix takes the longest share:
     * {@code diff("aa", "aaa")} is {@code [2,"a"]}. The algorithm is the editor's
     * {@code diffToOperation}, so Java and TypeScript give the same operation for the same texts.
     *
     * <pre>{@code
     * TextOperation.diff("hello world", "hello brave world");   // [6,"brave ",5]
     * }</pre>
     *
     * <p>Use it to send "the text is now X" as an ordinary operation (a script, a restore). It
     * does not look for several separate changes: one change at each end of the text gives one
     * splice covering everything in between.
     *
     * @param before the current text; the operation's {@link #baseLength()} is its length
     * @param after the wanted text; the operation's {@link #targetLength()} is its length
     * @return an operation with {@code diff(before, after).apply(before).equals(after)}
     * @throws InvalidOperationException if the text to insert has an unpaired surrogate
     *     ({@code diff: after has an unpaired surrogate at index 3})
     * @throws NullPointerException if either text is null
     */
    public static TextOperation diff(String before, String after) {
        return OperationDiff.diff(before, after);
    }

    /**
     * Returns the operation that inserts {@code text} at position {@code at} of a document of
     * {@code documentLength} characters: {@code retain(at) insert(text) retain(rest)}.
     *
     * <pre>{@code
     * TextOperation.insert(5, ",", 11);   // [5,",",6]: "Hello world" -> "Hello, world"
     * }</pre>
     *
     * @param at where to insert, in UTF-16 code units, in {@code [0, documentLength]}
     * @param text the text to insert; may be empty (the result changes nothing)
     * @param documentLength the length of the document, the result's {@link #baseLength()}
     * @return the operation
     * @throws InvalidOperationException if {@code at} is out of range
     *     ({@code insert: at 12 out of range [0, 11]}), documentLength is negative or text has
     *     an unpaired surrogate; {@link #apply(String)} checks that {@code at} does not split a
     *     surrogate pair of the document
     * @throws NullPointerException if text is null
     */
    public static TextOperation insert(int at, String text, int documentLength) {
        return Edits.replace("insert", at, at, text, documentLength);
    }

    /**
     * Returns the operation that deletes the characters in {@code [from, to)} of a document of
     * {@code documentLength} characters: {@code retain(from) delete(to - from) retain(rest)}.
     *
     * <pre>{@code
     * TextOperation.delete(5, 6, 12);   // [5,-1,6]: "Hello, world" -> "Hello world"
     * }</pre>
     *
     * @param from the first deleted position, in {@code [0, documentLength]}
     * @param to the position after the last deleted character, in {@code [from, documentLength]};
     *     {@code to == from} deletes nothing
     * @param documentLength the length of the document, the result's {@link #baseLength()}
     * @return the operation
     * @throws InvalidOperationException if a position is out of range
     *     ({@code delete: from 13 out of range [0, 12]}, {@code delete: to 4 out of range [5, 12]})
     *     or documentLength is negative
     */
    public static TextOperation delete(int from, int to, int documentLength) {
        return Edits.replace("delete", from, to, "", documentLength);
    }

    /**
     * Returns the operation that replaces the characters in {@code [from, to)} of a document of
     * {@code documentLength} characters with {@code text}:
     * {@code retain(from) insert(text) delete(to - from) retain(rest)}.
     *
     * <pre>{@code
     * TextOperation.replace(7, 12, "there", 12);   // [7,"there",-5]: "Hello, world" -> "Hello, there"
     * }</pre>
     *
     * @param from the first replaced position, in {@code [0, documentLength]}
     * @param to the position after the last replaced character, in {@code [from, documentLength]}
     * @param text the new text; may be empty (then this is {@link #delete(int, int, int)})
     * @param documentLength the length of the document, the result's {@link #baseLength()}
     * @return the operation
     * @throws InvalidOperationException if a position is out of range
     *     ({@code replace: to 13 out of range [7, 12]}), documentLength is negative or text has an
     *     unpaired surrogate
     * @throws NullPointerException if text is null
     */
    public static TextOperation replace(int from, int to, String text, int documentLength) {
        return Edits.replace("replace", from, to, text, documentLength);
    }

    /**
     * Returns the JSON form as an unmodifiable list of {@link Integer}s and {@link String}s.
     *
     * @return the components as JSON values
     */
    public List<Object> toJson() {
        if (pieces != null) {
            return flat().toJson();
        }
        List<Object> json = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int code = code(i);
            json.add(code == 0 ? textAt(i) : Integer.valueOf(code));
        }
        return Collections.unmodifiableList(json);
    }

    /**
     * The length of the document this operation applies to.
     *
     * @return retained plus deleted characters
     */
    public int baseLength() {
        return baseLength;
    }

    /**
     * The length of the document this operation produces.
     *
     * @return retained plus inserted characters
     */
    public int targetLength() {
        return targetLength;
    }

    /**
     * The components in order, as values: a read-only view of this operation (it is immutable),
     * for example {@code [Retain[count=5], Insert[text=ab], Delete[count=3]]} for
     * {@code [5,"ab",-3]}. {@link #componentCount()} and the index methods below read the same
     * components without making objects.
     *
     * @return an unmodifiable list; {@code get} makes the component it returns
     */
    public List<Component> components() {
        return new ComponentList(this);
    }

    /**
     * The number of components (after canonicalisation).
     *
     * @return the size of {@link #components()}
     */
    public int componentCount() {
        return size();
    }

    /**
     * Whether component {@code i} retains characters.
     *
     * @param i the component's index, in {@code [0, componentCount())}
     * @return true for a retain
     * @throws InvalidOperationException if i is out of range
     */
    public boolean isRetain(int i) {
        return code(checkIndex(i)) > 0;
    }

    /**
     * Whether component {@code i} inserts a string.
     *
     * @param i the component's index, in {@code [0, componentCount())}
     * @return true for an insert
     * @throws InvalidOperationException if i is out of range
     */
    public boolean isInsert(int i) {
        return code(checkIndex(i)) == 0;
    }

    /**
     * Whether component {@code i} deletes characters.
     *
     * @param i the component's index, in {@code [0, componentCount())}
     * @return true for a delete
     * @throws InvalidOperationException if i is out of range
     */
    public boolean isDelete(int i) {
        return code(checkIndex(i)) < 0;
    }

    /**
     * The number of characters component {@code i} retains, inserts or deletes.
     *
     * @param i the component's index, in {@code [0, componentCount())}
     * @return the count, or the inserted text's length, in UTF-16 code units
     * @throws InvalidOperationException if i is out of range
     */
    public int length(int i) {
        int code = code(checkIndex(i));
        return code == 0 ? textAt(i).length() : Math.abs(code);
    }

    /**
     * The string inserted by component {@code i}, which must be an insert.
     *
     * @param i the component's index, in {@code [0, componentCount())}
     * @return the inserted text
     * @throws InvalidOperationException if i is out of range or the component is not an insert
     */
    public String text(int i) {
        if (code(checkIndex(i)) != 0) {
            throw new InvalidOperationException("text: component " + i + " is not an insert");
        }
        return textAt(i);
    }

    private int checkIndex(int i) {
        int size = size();
        if (i < 0 || i >= size) {
            throw new InvalidOperationException("component: index " + i + " out of range [0, " + size + ")");
        }
        return i;
    }

    // Package-private access for the algebra, which is the hot path: no index check.

    /** Component i in the array encoding (retain > 0, delete < 0, insert == 0), in either form. */
    int code(int i) {
        if (codes != null) {
            return codes[i];
        }
        if (pieces != null) {
            return flat().code(i);
        }
        // The splice form: count i down through the components it has, in their order.
        if (pos > 0 && i-- == 0) {
            return pos;
        }
        if (targetLength - baseLength + deleteCount > 0 && i-- == 0) {
            return 0;
        }
        if (deleteCount > 0 && i == 0) {
            return -deleteCount;
        }
        return baseLength - pos - deleteCount;
    }

    /** The text of component i, which must be an insert. */
    String textAt(int i) {
        return codes != null ? texts[i] : pieces != null ? flat().textAt(i) : insertText;
    }

    int size() {
        return pieces != null ? flat().size : size;
    }

    /** Whether this operation is kept in the splice form (it is a single splice). */
    boolean isSplice() {
        return codes == null && pieces == null;
    }

    // The splice form's fields, meaningful only when isSplice().

    int splicePos() {
        return pos;
    }

    int spliceDeleteCount() {
        return deleteCount;
    }

    String spliceInsertText() {
        return insertText;
    }

    /**
     * Whether applying this operation changes nothing (it only retains, or is empty).
     *
     * @return true for an empty operation or a single retain
     */
    public boolean isNoop() {
        int size = size();
        return size == 0 || (size == 1 && code(0) > 0);
    }

    /**
     * Applies this operation to {@code document}.
     *
     * @param document the text, of length {@link #baseLength()}
     * @return the edited text, of length {@link #targetLength()}
     * @throws InvalidOperationException if the document's length is not {@link #baseLength()} or
     *     a component boundary would split a surrogate pair
     */
    public String apply(String document) {
        return DocumentWalk.apply(this, document);
    }

    /**
     * Returns the operation that undoes this one: applied to {@code apply(document)} it gives
     * {@code document} back.
     *
     * @param document the document this operation applies to (its deleted text is needed)
     * @return the inverse operation, applying to {@code apply(document)}
     * @throws InvalidOperationException if the document's length is not {@link #baseLength()} or a
     *     component boundary would split a surrogate pair
     */
    public TextOperation invert(String document) {
        return DocumentWalk.invert(this, document);
    }

    /**
     * Returns one operation with the effect of this operation followed by {@code next}.
     *
     * @param next an operation applying to this operation's result
     * @return the composed operation, from {@link #baseLength()} to {@code next.targetLength()}
     * @throws InvalidOperationException if {@code this.targetLength() != next.baseLength()}
     */
    public TextOperation compose(TextOperation next) {
        return OperationAlgebra.compose(this, Objects.requireNonNull(next, "next"));
    }

    /**
     * Composes a whole sequence of consecutive operations into one, in time proportional to their
     * total size times the logarithm of their number (pairwise, as a balanced tree), rather than
     * the quadratic cost of folding {@link #compose} over a growing result.
     *
     * @param operations consecutive operations: each one's baseLength is the previous one's
     *     targetLength; must not be empty
     * @return the composed operation
     */
    public static TextOperation composeAll(List<TextOperation> operations) {
        return OperationAlgebra.composeAll(operations);
    }

    /**
     * Transforms two operations made concurrently on the same document, so that each can be applied
     * after the other: {@code apply(apply(s, a), t.b()) == apply(apply(s, b), t.a())}. When both
     * insert at the same place, {@code a}'s text comes first.
     *
     * @param a an operation
     * @param b an operation made concurrently on the same document
     * @return {@code a} transformed against {@code b}, and {@code b} against {@code a}
     * @throws InvalidOperationException if the operations have different base lengths
     */
    public static Transformed transform(TextOperation a, TextOperation b) {
        return OperationAlgebra.transform(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b"));
    }

    /**
     * Returns {@code a} transformed against {@code b}: the same as {@code transform(a, b).a()},
     * without computing {@code b}'s side when it can be skipped.
     *
     * @param a an operation
     * @param b an operation made concurrently on the same document
     * @return {@code a} rewritten to apply after {@code b}
     * @throws InvalidOperationException if the operations have different base lengths
     */
    public static TextOperation transformAgainst(TextOperation a, TextOperation b) {
        return OperationAlgebra.transformAgainst(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b"));
    }

    /**
     * Returns {@code a} transformed against each of {@code ops} in turn: the same as folding
     * {@code a = transform(a, op).a()} over them, {@code a} winning every tie, as the server moves
     * a submitted operation through its history. A run of single splices (typing) moves in a few
     * arithmetic steps per operation, with one result made at the end.
     *
     * @param a an operation on the document {@code ops} start from
     * @param ops consecutive operations: each one's baseLength is the previous one's targetLength
     * @return {@code a} rewritten to apply after all of {@code ops}
     * @throws InvalidOperationException if an operation's baseLength does not match
     */
    public static TextOperation transformAgainstAll(TextOperation a, List<TextOperation> ops) {
        return OperationAlgebra.transformAgainstAll(Objects.requireNonNull(a, "a"), Objects.requireNonNull(ops, "ops"));
    }

    /**
     * Returns where {@code position} of the old document lands in the new one. A position inside
     * deleted text moves to the start of the deletion; an insert exactly at {@code position} lands
     * before it (the position moves right).
     *
     * @param position a position in the old document
     * @return the position in the new document
     * @throws InvalidOperationException if position is outside {@code [0, baseLength]}
     */
    public int transformPosition(int position) {
        return DocumentWalk.transformPosition(this, position);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TextOperation other)
                || other.baseLength != baseLength
                || other.targetLength != targetLength) {
            return false;
        }
        if (pieces != null || other.pieces != null) {
            // A tree compares as its canonical flat form.
            return flat().equals(other.flat());
        }
        if (other.size != size) {
            return false;
        }
        if (codes == null && other.codes == null) {
            return pos == other.pos && deleteCount == other.deleteCount && insertText.equals(other.insertText);
        }
        for (int i = 0; i < size; i++) {
            int code = code(i);
            if (code != other.code(i) || (code == 0 && !textAt(i).equals(other.textAt(i)))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        if (pieces != null) {
            return flat().hashCode();
        }
        int h = hash;
        if (h == 0) {
            h = 1;
            for (int i = 0; i < size; i++) {
                int code = code(i);
                h = 31 * h + (code == 0 ? textAt(i).hashCode() : code);
            }
            hash = h;
        }
        return h;
    }

    /**
     * The canonical JSON text form, for example {@code [5,"ab",-3]}: no spaces, numbers as plain
     * decimal integers, and strings escaped exactly as Jackson's default
     * {@code JsonGenerator.writeString} does, so that this text is byte for byte the server's wire
     * form of the operation:
     *
     * <ul>
     *   <li>{@code "} as {@code \"} and {@code \} as {@code \\};
     *   <li>backspace, tab, line feed, form feed and carriage return as {@code \b}, {@code \t},
     *       {@code \n}, {@code \f}, {@code \r};
     *   <li>every other character below U+0020 as a six-character {@code \}{@code u00XX} escape
     *       with upper-case hex digits (U+001F is written {@code \}{@code u001F});
     *   <li>everything else as it is: non-ASCII characters (surrogate pairs included), U+2028,
     *       U+2029, {@code /} and DEL (U+007F).
     * </ul>
     *
     * <p>{@link #parse(String)} reads it back: {@code parse(op.toString()).equals(op)}.
     */
    @Override
    public String toString() {
        return OperationJson.toJsonString(this);
    }

    /**
     * Builds a {@link TextOperation} in canonical form. A zero count or an empty string is a no-op,
     * so {@code retain(pos).delete(n).insert(s).retain(rest)} builds any splice; a negative count,
     * a null string or one with an unpaired surrogate throws {@link InvalidOperationException}.
     * Not thread-safe; after {@link #build()} it can go on building a longer operation.
     */
    public static final class Builder {
        private final ComponentBuffer components;

        Builder(int capacity) {
            components = new ComponentBuffer(capacity);
        }

        /**
         * Keeps the next {@code count} characters.
         *
         * @param count how many characters, &gt;= 0
         * @return this builder
         * @throws InvalidOperationException if count is negative or the length overflows int
         */
        public Builder retain(int count) {
            if (count < 0) {
                throw new InvalidOperationException("retain: expected count >= 0, found " + count);
            }
            if (count == 0) {
                return this;
            }
            checkLength("retain", components.baseLength(), count);
            checkLength("retain", components.targetLength(), count);
            components.retain(count);
            return this;
        }

        /**
         * Deletes the next {@code count} characters.
         *
         * @param count how many characters, &gt;= 0
         * @return this builder
         * @throws InvalidOperationException if count is negative or the length overflows int
         */
        public Builder delete(int count) {
            if (count < 0) {
                throw new InvalidOperationException("delete: expected count >= 0, found " + count);
            }
            if (count == 0) {
                return this;
            }
            checkLength("delete", components.baseLength(), count);
            components.delete(count);
            return this;
        }

        /**
         * Inserts {@code text} at the current place.
         *
         * @param text the text; empty inserts nothing
         * @return this builder
         * @throws InvalidOperationException if text is null, has an unpaired surrogate, or the length
         *     overflows int
         */
        public Builder insert(String text) {
            if (text == null) {
                throw new InvalidOperationException("insert: expected a string, found null");
            }
            int bad = Surrogates.unpaired(text);
            if (bad >= 0) {
                throw new InvalidOperationException(
                        "insert: unpaired surrogate at index " + bad + " of the inserted text");
            }
            return insertTrusted(text);
        }

        // For text already checked for surrogates: the length is still checked.
        Builder insertTrusted(String text) {
            checkLength("insert", components.targetLength(), text.length());
            components.insert(text);
            return this;
        }

        private static void checkLength(String function, int total, int count) {
            if (total + count < 0) {
                throw new InvalidOperationException(
                        function + ": length overflows int (" + total + " + " + count + ")");
            }
        }

        /**
         * The base length of the operation built so far.
         *
         * @return retained plus deleted characters so far
         */
        public int baseLength() {
            return components.baseLength();
        }

        /**
         * The target length of the operation built so far.
         *
         * @return retained plus inserted characters so far
         */
        public int targetLength() {
            return components.targetLength();
        }

        /**
         * Returns the operation built so far.
         *
         * @return the operation; the builder can go on
         */
        public TextOperation build() {
            return components.build();
        }
    }
}
