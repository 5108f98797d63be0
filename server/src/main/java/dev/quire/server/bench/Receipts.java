package dev.quire.server.bench;

import dev.quire.server.protocol.ServerMessage;
import java.util.List;

/**
 * When one editor received the ops of other editors, per frame rather than per op (decision 054):
 * a batch's entries arrive together and carry consecutive versions, so a frame is its first
 * version, how many entries it held and when it was read — 16 bytes per frame where a pair of
 * longs per entry cost 16 bytes per op per editor. The frame's range includes the editor's own
 * ops (the acks in it); {@link Tally} leaves those out, knowing who sent each version.
 *
 * <p>Not thread-safe: the owning editor's lock guards it.
 */
final class Receipts {
    /** Per frame: first version in the high 32 bits, entry count in the low 32. */
    private final LongList ranges = new LongList();

    private final LongList at = new LongList();

    /** A batch's entries, read at {@code nanos}: one range per run of consecutive versions (one, from a sane server). */
    void add(List<ServerMessage.CatchUpOp> ops, long nanos) {
        int run = 0;
        for (int i = 1; i <= ops.size(); i++) {
            if (i == ops.size() || ops.get(i).version() != ops.get(i - 1).version() + 1) {
                add(ops.get(run).version(), i - run, nanos);
                run = i;
            }
        }
    }

    /** A frame of {@code count} entries, versions {@code first} to {@code first + count - 1}, read at {@code nanos}. */
    void add(int first, int count, long nanos) {
        if (count < 1) {
            throw new IllegalArgumentException("count: expected >= 1, found " + count);
        }
        ranges.add((long) first << 32 | count);
        at.add(nanos);
    }

    /** How many frames. */
    int size() {
        return ranges.size();
    }

    /** The first version of frame {@code i}. */
    int first(int i) {
        return (int) (ranges.get(i) >>> 32);
    }

    /** How many entries frame {@code i} held. */
    int count(int i) {
        return (int) ranges.get(i);
    }

    /** When frame {@code i} was read ({@link System#nanoTime}). */
    long at(int i) {
        return at.get(i);
    }
}
