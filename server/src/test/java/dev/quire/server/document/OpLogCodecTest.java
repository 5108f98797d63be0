package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.quire.ot.TextOperation;
import org.junit.jupiter.api.Test;

class OpLogCodecTest {
    @Test
    void encodesAsJsonAndRoundTrips() {
        TextOperation op = TextOperation.builder()
                .retain(3)
                .insert("a\"b\\c\n😀é\u0001")
                .delete(2)
                .retain(1)
                .build();
        String text = OpLogCodec.encode(op);
        assertEquals("[3,\"a\\\"b\\\\c\\u000a😀é\\u0001\",-2,1]", text);
        assertEquals(op, OpLogCodec.decode(text));
        assertEquals(op, OpLogCodec.decode(" [ 3 , \"a\\\"b\\\\c\\n😀é\\u0001\" , -2 , 1 ] "));
    }

    @Test
    void submitHashDependsOnOpAndBaseVersion() {
        TextOperation a = TextOperation.builder().insert("x").build();
        TextOperation b = TextOperation.builder().insert("y").build();
        assertEquals(
                OpLogCodec.submitHash(3, a),
                OpLogCodec.submitHash(3, TextOperation.builder().insert("x").build()));
        assertNotEquals(OpLogCodec.submitHash(3, a), OpLogCodec.submitHash(4, a));
        assertNotEquals(OpLogCodec.submitHash(3, a), OpLogCodec.submitHash(3, b));
    }
}
