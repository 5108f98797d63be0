package dev.quire.client;

/**
 * What happens to a joined document. Every method runs on the client's one event thread, in the
 * document's order (a change never arrives before the text it applies to), so a listener may
 * read {@link DocumentHandle#text()} and call {@link DocumentHandle#submit} without locks: an edit
 * submitted from a callback applies to exactly the text that callback saw. Do not block in a
 * callback: it holds up every document of the client.
 *
 * <p>Every method does nothing by default.
 */
public interface DocumentListener {
    /**
     * The whole text was (re)loaded: after the first join, and after a resync (see {@link
     * QuireException#unsent()}). Not after a reconnect that caught up: those ops arrive as
     * {@link #onChange} calls.
     */
    default void onText(DocumentHandle document, String text) {}

    /** Another editor changed the text. */
    default void onChange(DocumentHandle document, Change change) {}

    /** Another editor joined or moved its selection. */
    default void onPresence(DocumentHandle document, Peer peer) {}

    /** Another editor left (or this client lost its connection, so it can no longer see them). */
    default void onLeft(DocumentHandle document, String clientId) {}

    /**
     * Something went wrong that the program should hear about: the server refused this document
     * ({@code forbidden}, {@code unauthorized}, {@code document-deleted}: the document is closed)
     * or could not merge unacknowledged edits ({@code resync}: the document rejoined afresh). The
     * edits concerned are also failed with this exception.
     */
    default void onError(DocumentHandle document, QuireException error) {}
}
