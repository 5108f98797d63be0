package dev.quire.ot.testing;

import dev.quire.ot.TextOperation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded session split into two branches, as if one author had been offline: the history a
 * server applied (each op with the agent who made it) is replayed on a document whose every
 * character remembers which side can see it. Up to version {@code sharedVersions} everyone saw
 * everything (the shared ops, unchanged); after it the offline author's ops go to {@code offline}
 * and everyone else's to {@code online}, each rewritten for a document holding the text that side
 * can see: the shared text and its own. Positions keep their place among those characters.
 *
 * <p>Nobody can delete what they never saw: a delete of the other side's text is dropped (the
 * character stays in its author's branch; {@code droppedDeletes} counts them), and a delete of
 * shared text removes it from the deleting side's branch only. Each side's ops apply one after
 * another ({@code shared} from the empty text, then each side's own ops), so {@code online} can go
 * to a server as it is and {@code offline} is the pending work of a client that never connected.
 */
public record Branches(
        List<TextOperation> shared, List<TextOperation> online, List<TextOperation> offline, int droppedDeletes) {
    private static final byte SHARED = 0;
    private static final byte ONLINE = 1;
    private static final byte OFFLINE = 2;
    // A character the history deleted that one side still has (it never saw the delete): GHOST + side.
    private static final byte GHOST = 4;

    /**
     * Splits {@code history} (the op that produced version i + 1 at index i, by agent
     * {@code origins.get(i)}) after {@code sharedVersions} ops, with {@code offlineAgent} offline.
     */
    public static Branches split(
            List<TextOperation> history, List<Integer> origins, int offlineAgent, int sharedVersions) {
        List<TextOperation> shared = new ArrayList<>();
        List<TextOperation> online = new ArrayList<>();
        List<TextOperation> offline = new ArrayList<>();
        // Every character of the history's text and every ghost, in document order.
        byte[] marks = new byte[0];
        int dropped = 0;
        for (int v = 0; v < history.size(); v++) {
            TextOperation op = history.get(v);
            byte side = v < sharedVersions ? SHARED : origins.get(v) == offlineAgent ? OFFLINE : ONLINE;
            TextOperation.Builder projected = TextOperation.builder();
            byte[] next = new byte[marks.length + op.targetLength() + 1];
            int e = 0; // the next entry of marks
            int out = 0;
            for (Object c : op.toJson()) {
                if (c instanceof String s) {
                    projected.insert(s);
                    Arrays.fill(next, out, out + s.length(), side);
                    out += s.length();
                    continue;
                }
                int n = (Integer) c;
                if (n > 0) {
                    // Retained: copied as they are; the side keeps what it can see.
                    int from = e;
                    int visible = 0;
                    for (int left = n; left > 0; e++) {
                        int mark = marks[e];
                        if (mark < GHOST) {
                            left--;
                        }
                        if (mark == side
                                || mark == SHARED
                                || mark == GHOST + side
                                || (side == SHARED && mark < GHOST)) {
                            visible++;
                        }
                    }
                    System.arraycopy(marks, from, next, out, e - from);
                    out += e - from;
                    projected.retain(visible);
                    continue;
                }
                for (int left = -n; left > 0; e++) {
                    byte mark = marks[e];
                    if (mark >= GHOST) {
                        // Not in the history's text: the side that still has it keeps it.
                        projected.retain(mark == GHOST + side ? 1 : 0);
                        next[out++] = mark;
                    } else if (side == SHARED || mark == SHARED || mark == side) {
                        left--;
                        projected.delete(1);
                        if (mark == SHARED && side != SHARED) {
                            next[out++] = (byte) (GHOST + (ONLINE + OFFLINE - side));
                        }
                    } else {
                        left--;
                        dropped++;
                        next[out++] = (byte) (GHOST + mark);
                    }
                }
            }
            for (; e < marks.length; e++) {
                if (marks[e] < GHOST) {
                    throw new IllegalStateException("history op " + v + " does not fit the text it follows");
                }
                if (marks[e] == GHOST + side) {
                    projected.retain(1);
                }
                next[out++] = marks[e];
            }
            marks = Arrays.copyOf(next, out);
            (side == SHARED ? shared : side == ONLINE ? online : offline).add(projected.build());
        }
        return new Branches(shared, online, offline, dropped);
    }

    /** The text of {@code ops} applied in turn to {@code start}. */
    public static String text(String start, List<TextOperation> ops) {
        String text = start;
        for (TextOperation op : ops) {
            text = op.apply(text);
        }
        return text;
    }
}
