/**
 * The log's format ({@code --log-format}: text or one JSON object per line) and its correlation
 * ids: {@link dev.quire.server.logging.LogIds} puts the id of the connection or request being
 * served into SLF4J's MDC under {@code cid}, so every line written while serving it carries it.
 * The log never holds document text or tokens (tested by {@code LogPrivacyIT}).
 */
package dev.quire.server.logging;
