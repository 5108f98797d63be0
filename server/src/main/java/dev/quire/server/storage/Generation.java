package dev.quire.server.storage;

/**
 * One unbroken run of a live document's writes, each made on top of the one before: a new
 * generation starts whenever the document drops what was not durable (a rewind after another
 * node's commit refused an append, a store fault). A store that fences generations ({@link
 * DocumentStore#fencesGenerations}) fails every later append of a generation once one of its
 * appends failed, and drops its later snapshots: they were made on top of the failed op. So a
 * document may have several appends in flight at once without ever committing one made on an op
 * nobody committed (decision 049).
 *
 * <p>A value compared by identity: two generations are the same only if they are the same object.
 * Immutable, thread-safe.
 */
public final class Generation {
    @Override
    public String toString() {
        return "Generation@" + Integer.toHexString(System.identityHashCode(this));
    }
}
