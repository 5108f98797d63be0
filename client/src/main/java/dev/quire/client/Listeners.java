package dev.quire.client;

/**
 * Calls one document's {@link DocumentListener} on the event thread. A callback that throws is
 * logged and does not disturb the document: the client's state was already updated. Internal.
 */
final class Listeners {
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    private final DocumentListener listener;
    private final DocumentHandle handle;

    Listeners(DocumentListener listener, DocumentHandle handle) {
        this.listener = listener;
        this.handle = handle;
    }

    DocumentHandle handle() {
        return handle;
    }

    void text(String text) {
        run("onText", () -> listener.onText(handle, text));
    }

    void change(Change change) {
        run("onChange", () -> listener.onChange(handle, change));
    }

    void presence(Peer peer) {
        run("onPresence", () -> listener.onPresence(handle, peer));
    }

    void left(String clientId) {
        run("onLeft", () -> listener.onLeft(handle, clientId));
    }

    void error(QuireException error) {
        run("onError", () -> listener.onError(handle, error));
    }

    private void run(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "[" + handle.docId() + "] " + callback + " threw", e);
        }
    }
}
