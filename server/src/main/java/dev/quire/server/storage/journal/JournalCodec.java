package dev.quire.server.storage.journal;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * The binary form of one journal record:
 *
 * <pre>
 *   int  bodyLength   bytes after the CRC
 *   long lsn          the record's log sequence number (1, 2, 3, … across segments)
 *   int  crc          CRC-32C of the lsn and the body
 *   body: byte type (1 create, 2 append, 3 snapshot, 4 delete, 5 snapshot with authorship),
 *         then its fields
 * </pre>
 *
 * Strings are an int byte count and UTF-8; times are microseconds since the epoch. A record is
 * either read back whole with a matching CRC or treated as the torn end of the journal.
 */
final class JournalCodec {
    static final int HEADER = 4 + 8 + 4;
    private static final byte CREATE = 1;
    private static final byte APPEND = 2;
    private static final byte SNAPSHOT = 3;
    private static final byte DELETE = 4;
    /** A snapshot followed by its authorship (issue 17); type 3 records, written before it, have none. */
    private static final byte SNAPSHOT_AUTHORSHIP = 5;

    private JournalCodec() {}

    /** A growable output buffer, reused by the journal writer. */
    static final class Sink {
        private byte[] buf = new byte[1 << 16];
        private int len;

        void clear() {
            len = 0;
        }

        int length() {
            return len;
        }

        byte[] bytes() {
            return buf;
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                byte[] bigger = new byte[Math.max(buf.length * 2, len + more)];
                System.arraycopy(buf, 0, bigger, 0, len);
                buf = bigger;
            }
        }

        private void putByte(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        private void putInt(int v) {
            ensure(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        private void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        private void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void putTime(Instant t) {
            putLong(ChronoUnit.MICROS.between(Instant.EPOCH, t));
        }

        private void setInt(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }
    }

    /** Appends the record of {@code write} (not a {@link StoreWrite.Flush}) to {@code out}. */
    static void encode(long lsn, StoreWrite write, Sink out) {
        int start = out.len;
        out.putInt(0);
        out.putLong(lsn);
        out.putInt(0);
        int body = out.len;
        if (write instanceof StoreWrite.Create c) {
            out.putByte(CREATE);
            out.putString(c.docId());
            out.putTime(c.time());
        } else if (write instanceof StoreWrite.Append a) {
            OpRecord op = a.op();
            out.putByte(APPEND);
            out.putString(op.docId());
            out.putInt(op.version());
            out.putString(op.opJson());
            out.putInt(op.baseVersion());
            out.putLong(op.submitHash());
            out.putString(op.session());
            out.putLong(op.seq());
            out.putString(op.clientId());
            out.putString(op.author());
            out.putTime(op.time());
            out.putInt(a.lengthAfter());
        } else if (write instanceof StoreWrite.PutSnapshot s) {
            out.putByte(SNAPSHOT_AUTHORSHIP);
            out.putString(s.snapshot().docId());
            out.putInt(s.snapshot().version());
            out.putString(s.snapshot().content());
            out.putTime(s.time());
            out.putString(s.snapshot().authorship());
        } else if (write instanceof StoreWrite.Delete d) {
            out.putByte(DELETE);
            out.putString(d.docId());
        } else {
            throw new IllegalArgumentException("not journaled: " + write);
        }
        out.setInt(start, out.len - body);
        CRC32C crc = new CRC32C();
        crc.update(out.buf, start + 4, 8);
        crc.update(out.buf, body, out.len - body);
        out.setInt(start + 12, (int) crc.getValue());
    }

    /** Whether the body read for {@code lsn} matches the CRC stored with it. */
    static boolean intact(long lsn, int crc, byte[] body) {
        CRC32C c = new CRC32C();
        ByteBuffer l = ByteBuffer.allocate(8).putLong(0, lsn);
        c.update(l.array(), 0, 8);
        c.update(body, 0, body.length);
        return (int) c.getValue() == crc;
    }

    /**
     * Decodes a body whose CRC matched.
     *
     * @throws IllegalArgumentException if the body is not a record this codec writes
     */
    static StoreWrite decode(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            byte type = in.get();
            StoreWrite w =
                    switch (type) {
                        case CREATE -> new StoreWrite.Create(string(in), time(in), new CompletableFuture<>());
                        case APPEND -> {
                            OpRecord op = new OpRecord(
                                    string(in),
                                    in.getInt(),
                                    string(in),
                                    in.getInt(),
                                    in.getLong(),
                                    string(in),
                                    in.getLong(),
                                    string(in),
                                    string(in),
                                    time(in));
                            yield new StoreWrite.Append(op, in.getInt(), new CompletableFuture<>());
                        }
                        case SNAPSHOT ->
                            new StoreWrite.PutSnapshot(
                                    new Snapshot(string(in), in.getInt(), string(in)),
                                    time(in),
                                    new CompletableFuture<>());
                        case SNAPSHOT_AUTHORSHIP -> {
                            String docId = string(in);
                            int version = in.getInt();
                            String content = string(in);
                            Instant time = time(in);
                            yield new StoreWrite.PutSnapshot(
                                    new Snapshot(docId, version, content, string(in)), time, new CompletableFuture<>());
                        }
                        case DELETE -> new StoreWrite.Delete(string(in), new CompletableFuture<>());
                        default -> throw new IllegalArgumentException("unknown journal record type " + type);
                    };
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("journal record has " + in.remaining() + " trailing bytes");
            }
            return w;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("journal record is truncated", e);
        }
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("journal string length " + n + " exceeds the record");
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    private static Instant time(ByteBuffer in) {
        return Instant.EPOCH.plus(in.getLong(), ChronoUnit.MICROS);
    }
}
