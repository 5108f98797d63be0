package dev.quire.server.document;

/**
 * What a live document reports for the server's metrics (implemented by {@code metrics.Meters}).
 * Every method is called in a document's mailbox, or on the thread that wrote a message to a
 * socket, and must be cheap, non-blocking and thread-safe. The defaults report nothing.
 */
public interface DocumentMeters {
    /** Reports nothing: for tests and tools that run documents without a server. */
    DocumentMeters NONE = new DocumentMeters() {};

    /** An op became durable {@code nanos} after it was submitted. */
    default void committed(long nanos) {}

    /** An op was transformed against {@code count} concurrent ops before it was applied. */
    default void transforms(int count) {}

    /** The last editor's socket took the messages of a durable op {@code nanos} after it became durable. */
    default void broadcast(long nanos) {}

    /** How a live document got past another node's commit of the version of its op in flight. */
    enum ConflictOutcome {
        /** Went back to its last durable version in memory, applied the winners, submitted its ops again. */
        TRANSFORMED,
        /** Reloaded from the store (its history in memory did not reach its last durable version). */
        RELOADED
    }

    /** An append lost the race for its version to another node (a shared store), and was got past so. */
    default void conflict(ConflictOutcome outcome) {}

    /** What happened to a submission forwarded to the document's owner (decision 043). */
    enum ForwardEvent {
        /** This node sent an editor's submission to the owner. */
        SENT,
        /** This node, the owner, submitted one that another node sent. */
        SERVED,
        /** The owner refused one this node sent (the editor got the owner's error). */
        REFUSED,
        /** The owner did not answer in time: this node committed it itself. */
        TIMED_OUT,
        /** Nobody listened on the owner's channel (it died) or the bus failed: this node committed it itself. */
        UNDELIVERED
    }

    /** A forwarded submission was sent, served, refused or timed out. */
    default void forwarded(ForwardEvent event) {}

    /** An editor joined a document (its name is for the admin page, never a label). */
    default void editorJoined(String docId, String clientId, String name) {}

    /** An editor left a document, or was removed from it. */
    default void editorLeft(String docId, String clientId) {}
}
