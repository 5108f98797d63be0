package dev.quire.server.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * What the network edge serves to operators: the meters ({@code /metrics}), the health checks
 * ({@code /health}, {@code /ready}), the token that may read {@code /metrics} besides an admin
 * ({@code --metrics-token}), and for the admin page the meters' recent history and the server's
 * version.
 */
public record Observability(
        Meters meters, MeterHistory history, HealthChecks health, Optional<String> metricsToken, String version) {
    public Observability {
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(metricsToken, "metricsToken");
        Objects.requireNonNull(version, "version");
    }
}
