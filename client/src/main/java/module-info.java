/**
 * Quire's JVM client: a program's seat in a live document, over protocol v1 on
 * {@code java.net.http}'s WebSocket. Start at {@link dev.quire.client.QuireClient}.
 *
 * <p>Depends on nothing but the JDK and Quire's OT library (decision 015).
 */
module dev.quire.client {
    requires transitive dev.quire.ot;
    requires java.net.http;

    exports dev.quire.client;
}
