/**
 * {@code java -jar quire-server.jar migrate --from DATA_DIR --to postgresql://…}: copies every
 * document of one store into another, empty one, with its full op log and snapshots, and verifies
 * the copy ({@link dev.quire.server.migrate.StoreCopy}, {@link dev.quire.server.migrate.Migrate}).
 */
package dev.quire.server.migrate;
