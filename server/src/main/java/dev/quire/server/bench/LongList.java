package dev.quire.server.bench;

/** A growable list of longs (no boxing on the hot path). Not thread-safe. */
final class LongList {
    private long[] values = new long[256];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    long get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }
}
