package dev.quire.server.e2e;

/**
 * How a test client reaches the server: the WebSocket at {@code /ws}, or its HTTP fallback at
 * {@code /poll}. Protocol tests run over both by subclassing with another {@link #transport}.
 */
enum Transport {
    WEBSOCKET,
    HTTP
}
