package dev.quire.server.storage.h2;

import dev.quire.server.storage.StoreHealth;
import dev.quire.server.storage.journal.JournalWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link StoreHealth} of the H2 store: its journal writer, its applier and its read connections. Thread-safe. */
final class H2Health implements StoreHealth {
    private final JournalWriter writer;
    private final H2Applier applier;
    private final BlockingQueue<Connection> readers;

    H2Health(JournalWriter writer, H2Applier applier, BlockingQueue<Connection> readers) {
        this.writer = writer;
        this.applier = applier;
        this.readers = readers;
    }

    @Override
    public long journalLag() {
        return Math.max(0, writer.journaledLsn() - applier.appliedLsn());
    }

    @Override
    public Optional<String> fault() {
        Optional<String> journal = writer.fault();
        return journal.isPresent() ? journal : applier.fault();
    }

    @Override
    public Optional<String> deadThread() {
        if (!writer.isRunning()) {
            return Optional.of("quire-journal");
        }
        if (!applier.isRunning()) {
            return Optional.of("quire-h2-apply");
        }
        return Optional.empty();
    }

    @Override
    public boolean answers() {
        Connection c;
        try {
            c = readers.poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (c == null) {
            return false; // every reader busy for a second: not answering
        }
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            try (ResultSet r = s.executeQuery("SELECT 1")) {
                return r.next();
            }
        } catch (SQLException e) {
            return false;
        } finally {
            readers.add(c);
        }
    }
}
