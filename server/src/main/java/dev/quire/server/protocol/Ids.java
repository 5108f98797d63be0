package dev.quire.server.protocol;

import java.util.Set;
import java.util.regex.Pattern;

/** The syntax of document ids and sessions. */
public final class Ids {
    private static final Pattern DOC_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /**
     * Names that JavaScript objects already have: a page or script that keeps documents in a
     * plain object by id ({@code docs[id]}) would reach the prototype instead.
     */
    private static final Set<String> PROTOTYPE_NAMES = Set.of("__proto__", "constructor", "prototype");

    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    /** The document id rule, for error messages. */
    public static final String DOC_ID_RULE =
            "1-128 characters of [A-Za-z0-9._-], not __proto__, constructor or prototype";

    private Ids() {}

    /**
     * Whether {@code id} is 1–128 characters of letters, digits, {@code -}, {@code _} and
     * {@code .}, and not {@code __proto__}, {@code constructor} or {@code prototype}.
     */
    public static boolean isDocId(String id) {
        return id != null && DOC_ID.matcher(id).matches() && !PROTOTYPE_NAMES.contains(id);
    }

    /** Whether {@code session} is 8–64 characters of letters, digits, {@code -} and {@code _}. */
    public static boolean isSession(String session) {
        return session != null && SESSION.matcher(session).matches();
    }
}
