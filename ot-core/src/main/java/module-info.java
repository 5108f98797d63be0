/**
 * Quire's operational transformation for plain text.
 *
 * <p>{@code dev.quire.ot} holds the operation algebra ({@link dev.quire.ot.TextOperation}),
 * selections and undo; {@code dev.quire.ot.client} the client algorithm;
 * {@code dev.quire.ot.server} the server algorithm for one document. No runtime dependencies.
 */
module dev.quire.ot {
    exports dev.quire.ot;
    exports dev.quire.ot.client;
    exports dev.quire.ot.server;
}
