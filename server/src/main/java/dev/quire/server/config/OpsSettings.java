package dev.quire.server.config;

import dev.quire.server.logging.LogFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What operators configure about watching the server.
 *
 * @param metricsToken a bearer token that may read {@code /metrics} besides an admin ({@code --metrics-token})
 * @param logFormat    plain text or one JSON object per line ({@code --log-format})
 */
public record OpsSettings(Optional<String> metricsToken, LogFormat logFormat) {
    /** Shortest accepted metrics token, in characters. */
    public static final int MIN_TOKEN_CHARS = 16;

    public OpsSettings {
        Objects.requireNonNull(metricsToken, "metricsToken");
        Objects.requireNonNull(logFormat, "logFormat");
    }

    public static OpsSettings defaults() {
        return new OpsSettings(Optional.empty(), LogFormat.TEXT);
    }
}
