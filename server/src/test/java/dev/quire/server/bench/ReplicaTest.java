package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.TextOperation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The generator's gap-buffer text against ot-core's {@code apply} on strings. */
class ReplicaTest {
    @Test
    void randomSplicesGiveWhatStringApplyGives() {
        long seed = Long.getLong("quire.seed", 20261206L);
        System.out.println("[replica] -Dquire.seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        Replica replica = new Replica();
        replica.reset("start");
        String expected = "start";
        for (int i = 0; i < 5_000; i++) {
            int len = expected.length();
            int at = random.nextInt(len + 1);
            int delete = at == len ? 0 : random.nextInt(Math.min(8, len - at) + 1);
            String insert = random.nextInt(3) == 0 ? "" : "xyz😀".substring(0, 1 + random.nextInt(3)) + i;
            TextOperation op = TextOperation.builder()
                    .retain(at)
                    .delete(delete)
                    .insert(insert)
                    .retain(len - at - delete)
                    .build();
            replica.apply(op);
            expected = op.apply(expected);
            assertEquals(expected.length(), replica.length(), "length after op " + i);
            int probe = expected.isEmpty() ? -1 : random.nextInt(expected.length());
            if (probe >= 0) {
                assertEquals(expected.charAt(probe), replica.charAt(probe), "char " + probe + " after op " + i);
            }
        }
        assertEquals(expected, replica.toString());
    }

    @Test
    void anOpOfAnotherLengthIsRefusedAndChangesNothing() {
        Replica replica = new Replica();
        replica.reset("abc");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> replica.apply(TextOperation.builder().retain(4).build()));
        assertEquals("apply: op.baseLength 4 != replica length 3", e.getMessage());
        assertEquals("abc", replica.toString());
    }
}
