package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link StampTable}: stamps are given out in order from 0, the same pair always gets the same
 * stamp (through the table's growth), and a copy does not move; checked against a {@link HashMap}.
 */
class StampTableTest {
    @Test
    void stampsAreGivenOutInOrder() {
        StampTable t = new StampTable();
        assertEquals(0, t.stamp("Ada", 1));
        assertEquals(1, t.stamp("Bo", 1));
        assertEquals(2, t.stamp("Ada", 2));
        assertEquals(0, t.stamp(new String("Ada"), 1));
        assertEquals(3, t.size());
        assertEquals("Ada", t.author(2));
        assertEquals(2, t.time(2));
    }

    @Test
    void matchesAMapOfPairs() {
        Property.check("stamp table matches a map of pairs", r -> {
            StampTable t = new StampTable();
            Map<String, Integer> model = new HashMap<>();
            List<String> order = new ArrayList<>();
            int authors = 1 + r.nextInt(20);
            for (int step = 0, steps = r.nextInt(2000); step < steps; step++) {
                String author = "a" + r.nextInt(authors);
                long time = r.nextBoolean() ? r.nextInt(100) : r.nextLong();
                String key = author + "@" + time;
                Integer expected = model.get(key);
                if (expected == null) {
                    expected = model.size();
                    model.put(key, expected);
                    order.add(key);
                }
                assertEquals(expected, t.stamp(author, time), key);
                if (step == steps / 2) {
                    StampTable copy = t.copy();
                    int size = copy.size();
                    t.stamp("a copy", -1);
                    model.put("a copy@-1", model.size());
                    order.add("a copy@-1");
                    assertEquals(size, copy.size(), "a copy does not move");
                }
            }
            assertEquals(order.size(), t.size());
            for (int st = 0; st < order.size(); st++) {
                assertEquals(order.get(st), t.author(st) + "@" + t.time(st));
            }
        });
    }
}
