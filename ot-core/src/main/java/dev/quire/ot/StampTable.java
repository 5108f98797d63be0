package dev.quire.ot;

import java.util.Arrays;

/**
 * The interned (author, time) pairs of an {@link Authorship}: a run's stamp is the index of its
 * pair here, given out in order from 0. An open-addressing hash table of stamps (linear probing,
 * at most half full), beside the pairs in two arrays, so that looking up or adding a pair boxes
 * nothing and allocates only when an array grows.
 *
 * <pre>
 *   pairs:  0 (Ada, 1)   1 (Bo, 2)   2 (Ada, 3)
 *   slots:  [_, 2, _, 0, _, _, 1, _]  (stamp + 1; 0 is an empty slot)
 * </pre>
 *
 * <p>Internal to {@link Authorship}, its one owner; not thread-safe.
 */
final class StampTable {
    private String[] authors;
    private long[] times;
    private int size;
    /** Stamp + 1 per slot, 0 when empty; its length is a power of two, at least twice size. */
    private int[] slots;

    StampTable() {
        authors = new String[8];
        times = new long[8];
        slots = new int[16];
    }

    private StampTable(StampTable from) {
        authors = from.authors.clone();
        times = from.times.clone();
        size = from.size;
        slots = from.slots.clone();
    }

    /** An independent copy. */
    StampTable copy() {
        return new StampTable(this);
    }

    /** The number of pairs. */
    int size() {
        return size;
    }

    /** The author of stamp {@code st}. */
    String author(int st) {
        return authors[st];
    }

    /** The time of stamp {@code st}. */
    long time(int st) {
        return times[st];
    }

    /** The stamp of (author, time), made when new. */
    int stamp(String author, long time) {
        int mask = slots.length - 1;
        for (int i = hash(author, time) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return add(i, author, time);
            }
            if (times[s - 1] == time && authors[s - 1].equals(author)) {
                return s - 1;
            }
        }
    }

    private int add(int slot, String author, long time) {
        int st = size++;
        if (st == authors.length) {
            authors = Arrays.copyOf(authors, st * 2);
            times = Arrays.copyOf(times, st * 2);
        }
        authors[st] = author;
        times[st] = time;
        slots[slot] = st + 1;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return st;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int st = 0; st < size; st++) {
            int i = hash(authors[st], times[st]) & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = st + 1;
        }
    }

    private static int hash(String author, long time) {
        // Times of one author are often consecutive minutes: mix, so they do not fill one cluster.
        int h = author.hashCode() * 31 + Long.hashCode(time);
        return (h * 0x9E3779B9) >>> 7 ^ h;
    }
}
