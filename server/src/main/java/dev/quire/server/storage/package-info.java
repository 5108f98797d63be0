/**
 * Durable storage of documents, as the rest of the server sees it: the op log, snapshots and the
 * document list.
 *
 * <p>{@link dev.quire.server.storage.DocumentStore} is the interface the rest of the server
 * uses, with its records ({@link dev.quire.server.storage.OpRecord},
 * {@link dev.quire.server.storage.Snapshot}, …); it carries no JDBC types. Implementations live
 * in sub-packages — {@code storage.h2}, the embedded H2 one, behind the write-ahead journal of
 * {@code storage.journal}, and {@code storage.pg}, the PostgreSQL one several nodes share — and
 * every one passes the same contract test suite
 * ({@code DocumentStoreContract}).
 */
package dev.quire.server.storage;
