/**
 * The {@link dev.quire.server.storage.DocumentStore} on PostgreSQL, which several nodes may share
 * ({@link dev.quire.server.storage.pg.PgDocumentStore}; decision 018): a write is durable when its
 * transaction commits; {@code PgWriter} commits every waiting write in one transaction
 * ({@code PgBatch}), which orders each document's ops under its {@code documents} row lock and the
 * {@code (doc_id, version)} key and reports a version another node won as a
 * {@link dev.quire.server.storage.ConflictException}; after a failed append it refuses the writes
 * of the failed append's {@link dev.quire.server.storage.Generation} (decision 049), so a document
 * may have several appends in flight. {@link dev.quire.server.storage.pg.PgNodes}
 * keeps this node's row in the {@code nodes} table. JDBC, pgjdbc and HikariCP stay in this
 * package; its schema is the Flyway scripts under {@code src/main/resources/db/postgresql}.
 */
package dev.quire.server.storage.pg;
