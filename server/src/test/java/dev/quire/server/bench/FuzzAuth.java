package dev.quire.server.bench;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * How the fuzzer authenticates, if the server wants it: the handshake headers of each fuzz
 * connection (usually a valid token of one of several users, sometimes a forged, expired or
 * missing one that the server must refuse with 401 before the upgrade), tokens for
 * {@code {"type":"auth"}} messages, and the headers of the well-behaved editors and of the
 * invariant checks' REST calls.
 */
interface FuzzAuth {
    /** One fuzz connection's handshake: its headers, and whether the server must refuse it. */
    record Handshake(List<String> headers, boolean mustRefuse, String what) {
        public Handshake {
            headers = List.copyOf(headers);
        }
    }

    /** Whether the server checks tokens. */
    boolean enabled();

    Handshake handshake(Random random);

    /** A token to send in an {@code auth} message, if authentication is on. */
    Optional<String> authToken(Random random);

    /**
     * Headers of the {@code i}th well-behaved editor's handshake ({@code Sec-WebSocket-Protocol}
     * lists subprotocols to offer).
     */
    List<String> editorHeaders(int i);

    /** Headers of the invariant checks' REST calls (they read every document). */
    List<String> adminHeaders();

    /** Whether the fuzzers may present the editors' sessions (only safe when sessions are bound to users). */
    boolean sessionsBoundToUsers();

    /** Authentication off: every connection is trusted; nothing to send. */
    static FuzzAuth off() {
        return new FuzzAuth() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public Handshake handshake(Random random) {
                return new Handshake(List.of(), false, "no token");
            }

            @Override
            public Optional<String> authToken(Random random) {
                return Optional.empty();
            }

            @Override
            public List<String> editorHeaders(int i) {
                return List.of();
            }

            @Override
            public List<String> adminHeaders() {
                return List.of();
            }

            @Override
            public boolean sessionsBoundToUsers() {
                return false;
            }
        };
    }
}
