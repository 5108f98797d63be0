/**
 * Durable storage of documents: the op log, snapshots and the document list.
 *
 * <p>{@link dev.quire.server.storage.DocumentStore} is the interface the rest of the server
 * uses; it carries no JDBC types. {@link dev.quire.server.storage.H2DocumentStore} is the
 * embedded H2 implementation with its Flyway migrations under {@code db/migration}. Every
 * implementation passes the same contract test suite ({@code DocumentStoreContract}).
 */
package dev.quire.server.storage;
