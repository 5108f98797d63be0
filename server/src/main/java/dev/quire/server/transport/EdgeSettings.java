package dev.quire.server.transport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the network edge lets in, checked before a request or WebSocket upgrade reaches the rest
 * of the server.
 *
 * @param allowedOrigins        browser origins allowed besides the server's own ({@code --allowed-origins})
 * @param publicUrls            the URLs the server is reached by; their hosts are the accepted
 *                              {@code Host} headers besides localhost, loopback and the machine's own
 *                              addresses ({@code --public-url})
 * @param frameAncestors        the Content-Security-Policy {@code frame-ancestors} value ({@code --frame-ancestors})
 * @param tlsKeystore           a PKCS#12 keystore: serve HTTPS and WSS ({@code --tls-keystore})
 * @param tlsPassword           its password ({@code --tls-password}, {@code QUIRE_TLS_PASSWORD})
 * @param maxConnectionsPerIp   open WebSocket connections per client address, 0 = unlimited
 * @param maxConnectionsPerUser open WebSocket connections per user (auth on), 0 = unlimited
 * @param requestTimeout        longest time to receive a request's headers (slow clients are cut off)
 * @param joinTimeout           longest time from the upgrade to the first join (then close 4408)
 */
public record EdgeSettings(
        List<String> allowedOrigins,
        List<URI> publicUrls,
        String frameAncestors,
        Optional<Path> tlsKeystore,
        Optional<String> tlsPassword,
        int maxConnectionsPerIp,
        int maxConnectionsPerUser,
        Duration requestTimeout,
        Duration joinTimeout) {
    public EdgeSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        publicUrls = List.copyOf(publicUrls);
        Objects.requireNonNull(frameAncestors, "frameAncestors");
        Objects.requireNonNull(tlsKeystore, "tlsKeystore");
        Objects.requireNonNull(tlsPassword, "tlsPassword");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(joinTimeout, "joinTimeout");
        if (maxConnectionsPerIp < 0 || maxConnectionsPerUser < 0) {
            throw new IllegalArgumentException("connection limits must be >= 0");
        }
    }

    /** The defaults of docs/configuration.md. */
    public static EdgeSettings defaults() {
        return new EdgeSettings(
                List.of(),
                List.of(),
                "'self'",
                Optional.empty(),
                Optional.empty(),
                500,
                100,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10));
    }

    /** Never prints the keystore password. */
    @Override
    public String toString() {
        return "EdgeSettings[allowedOrigins=" + allowedOrigins + ", publicUrls=" + publicUrls + ", frameAncestors="
                + frameAncestors + ", tlsKeystore="
                + tlsKeystore.map(Path::toString).orElse("(none)")
                + ", tlsPassword=" + (tlsPassword.isPresent() ? "(set)" : "(none)") + ", maxConnectionsPerIp="
                + maxConnectionsPerIp + ", maxConnectionsPerUser=" + maxConnectionsPerUser + ", requestTimeout="
                + requestTimeout + ", joinTimeout=" + joinTimeout + "]";
    }
}
