/**
 * The {@link dev.quire.server.storage.DocumentStore} on an embedded H2 file database
 * ({@link dev.quire.server.storage.h2.H2DocumentStore}), filled from the write-ahead journal of
 * {@code storage.journal} by {@code H2Applier} (when) and {@code BatchTransaction} (one batch in
 * one transaction). JDBC and H2 stay in this package; its schema is
 * the Flyway scripts under {@code src/main/resources/db/migration}.
 */
package dev.quire.server.storage.h2;
