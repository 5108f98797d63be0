/**
 * Plain-JDBC stores shared by the H2 and PostgreSQL backends (comments, issue 17): tables small
 * and rare to write, which need neither the op journal nor a store of their own per database.
 */
package dev.quire.server.storage.sql;
