/**
 * What operators watch: {@link dev.quire.server.metrics.Meters} (Micrometer with its Prometheus
 * registry, scraped at {@code /metrics}), {@link dev.quire.server.metrics.EditorActivity} (who
 * edits which open document, for the gauge and the admin page), {@link
 * dev.quire.server.metrics.ServerLifecycle} and {@link dev.quire.server.metrics.HealthChecks}
 * ({@code /health}, {@code /ready}). Metric names are API: docs/operations.md lists them.
 */
package dev.quire.server.metrics;
