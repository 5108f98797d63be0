package dev.quire.server.protocol;

import java.util.regex.Pattern;

/** The syntax of document ids and sessions. */
public final class Ids {
    private static final Pattern DOC_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    private Ids() {}

    /** Whether {@code id} is 1–128 characters of letters, digits, {@code -}, {@code _} and {@code .}. */
    public static boolean isDocId(String id) {
        return id != null && DOC_ID.matcher(id).matches();
    }

    /** Whether {@code session} is 8–64 characters of letters, digits, {@code -} and {@code _}. */
    public static boolean isSession(String session) {
        return session != null && SESSION.matcher(session).matches();
    }
}
