package dev.quire.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A {@link QuireClient}'s settings, checked whole by {@link QuireClient.Builder#build()}. Internal. */
record ClientConfig(
        URI uri,
        Optional<String> token,
        Optional<String> userName,
        Duration connectTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration peerTimeout) {

    ClientConfig {
        Objects.requireNonNull(uri, "uri: expected a ws:// or wss:// URI, found none (call uri(...))");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("uri: expected a ws:// or wss:// URI, found " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("uri: expected a host, found " + uri);
        }
        token.ifPresent(t -> {
            if (t.isBlank()) {
                throw new IllegalArgumentException("token: expected a JSON Web Token, found a blank string");
            }
        });
        positive("connectTimeout", connectTimeout);
        positive("reconnectMin", reconnectMin);
        positive("reconnectMax", reconnectMax);
        positive("peerTimeout", peerTimeout);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException(
                    "reconnectDelay: expected max >= min, found min " + reconnectMin + " > max " + reconnectMax);
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": expected a duration above zero, found " + d);
        }
    }
}
