package dev.quire.server.document;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The presence colours of one live document (decision 041): which of the {@link #PALETTE} colours
 * its editors hold, this node's and, with a bus, the other nodes' it has heard of. A joiner is
 * given a colour nobody present holds; when all are held, one of the least held.
 *
 * <p>Which one: a session that held a colour here keeps it if nobody else holds it now (a
 * reconnect, a reload); otherwise the palette is scanned from the session's own place in it (a
 * hash of the session, so that one person tends to keep a colour across documents) and the first
 * colour held by the fewest is taken. A join costs one pass over the 12 colours and two hash
 * look-ups, however many editors the document has.
 *
 * <p>Two nodes that give a colour at once do not see each other's choice (it travels with the
 * presence on the bus): both may give the same one. Nobody's colour is changed afterwards (a
 * colour that changes under a user's cursor is worse than one shared); the next joiner on either
 * node counts both.
 *
 * <p>Runs in the document's mailbox.
 */
final class PresenceColours {
    /**
     * The colours: red, green, blue, orange, purple, cyan, magenta, teal, brown, maroon, olive and
     * navy, each at least 4.5:1 against the white initials of an avatar (WCAG AA; the ratios are in
     * decision 041) and told apart from each other ({@code PresenceColoursPaletteTest}). A session
     * keeps its place in the list across palette changes: only the shade of that place changed.
     */
    static final List<String> PALETTE = List.of(
            "#e6194b", "#058824", "#4363d8", "#cb4b00", "#911eb4", "#0e7dad", "#d70bad", "#045d50", "#7c4b02",
            "#800000", "#7f770d", "#000075");

    /**
     * How many sessions' colours are remembered after they leave, for a rejoin to keep its colour:
     * the oldest is forgotten first (a few tens of kilobytes at most per live document).
     */
    static final int REMEMBERED = 1024;

    /** How many editors (of any node) hold each colour, by palette index. */
    private final int[] held = new int[PALETTE.size()];
    /** How many of this node's editors each present session has (a session may rejoin before its old socket is gone). */
    private final Map<String, Integer> connections = new HashMap<>();
    /** The colour last given to each session, the least recently given forgotten first. */
    private final LinkedHashMap<String, Integer> given = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** The colour a session would be given in an empty document: its place in the palette. */
    static String preferred(String session) {
        return PALETTE.get(start(session));
    }

    private static int start(String session) {
        return Math.floorMod(session.hashCode(), PALETTE.size());
    }

    /** Gives a joining editor of this node its colour, and counts it held. */
    String join(String session) {
        Integer last = given.get(session);
        int colour;
        if (last != null && (held[last] == 0 || connections.containsKey(session))) {
            colour = last; // the session's colour is free, or held by the session itself
        } else {
            colour = leastHeld(start(session));
        }
        held[colour]++;
        given.put(session, colour);
        connections.merge(session, 1, Integer::sum);
        return PALETTE.get(colour);
    }

    /** An editor of this node with that session and colour left. */
    void leave(String session, String colour) {
        connections.computeIfPresent(session, (s, n) -> n == 1 ? null : n - 1);
        release(colour);
    }

    /** An editor of another node holds {@code colour} (a colour not in the palette is not counted). */
    void heard(String colour) {
        int i = PALETTE.indexOf(colour);
        if (i >= 0) {
            held[i]++;
        }
    }

    /** An editor of another node that held {@code colour} left. */
    void release(String colour) {
        int i = PALETTE.indexOf(colour);
        if (i >= 0 && held[i] > 0) {
            held[i]--;
        }
    }

    private int leastHeld(int from) {
        int best = from;
        for (int k = 1; k < held.length; k++) {
            int i = (from + k) % held.length;
            if (held[i] < held[best]) {
                best = i;
            }
        }
        return best;
    }
}
