package dev.quire.server.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.Selection;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.User;
import dev.quire.server.storage.ChatRecord;
import dev.quire.server.storage.OpRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusCodecTest {
    @Test
    void aCommittedOpTravelsWithEverythingAReceiverNeeds() {
        OpRecord op = new OpRecord(
                "notes",
                12,
                "[3,\"😀\"]",
                11,
                -42L,
                "s-1",
                7,
                "c3k9qz.1f",
                "Ada",
                Instant.ofEpochMilli(1796508243304L));
        String text = BusCodec.encode("web-1", new BusMessage.Committed(op));
        assertEquals(
                "{\"node\":\"web-1\",\"type\":\"op\",\"version\":12,\"op\":\"[3,\\\"😀\\\"]\",\"baseVersion\":11,"
                        + "\"submitHash\":-42,\"session\":\"s-1\",\"seq\":7,\"clientId\":\"c3k9qz.1f\",\"author\":\"Ada\","
                        + "\"time\":1796508243304}",
                text);
        BusCodec.Received r = BusCodec.decode("notes", text);
        assertEquals("web-1", r.nodeId());
        assertEquals(new BusMessage.Committed(op), r.message());
    }

    @Test
    void presenceAndLeaveRoundTrip() {
        BusMessage.Presence p = new BusMessage.Presence(
                "c1.2", new User("Grace", "#e6194b"), 5, List.of(new Selection.Range(1, 3), new Selection.Range(4, 4)));
        String text = BusCodec.encode("n", p);
        assertEquals(
                "{\"node\":\"n\",\"type\":\"presence\",\"clientId\":\"c1.2\",\"user\":{\"name\":\"Grace\","
                        + "\"color\":\"#e6194b\"},\"version\":5,\"selection\":[[1,3],[4,4]]}",
                text);
        assertEquals(p, BusCodec.decode("d", text).message());
        assertEquals(
                new BusMessage.Left("c1.2"),
                BusCodec.decode("d", BusCodec.encode("n", new BusMessage.Left("c1.2")))
                        .message());
    }

    @Test
    void aChatMessageRoundTripsWithItsStoredFields() {
        BusMessage.Chat c = new BusMessage.Chat(
                new ChatRecord("d", 7, "Ada", "#4363d8", "<b>hi</b> 😀", Instant.parse("2026-12-06T04:10:00.123456Z")));
        String text = BusCodec.encode("n", c);
        assertEquals(
                "{\"node\":\"n\",\"type\":\"chat\",\"id\":7,\"author\":\"Ada\",\"color\":\"#4363d8\","
                        + "\"text\":\"<b>hi</b> 😀\",\"time\":\"2026-12-06T04:10:00.123456Z\"}",
                text);
        assertEquals(c, BusCodec.decode("d", text).message());
    }

    @Test
    void titleCommentAndDeleteRoundTrip() {
        String title = BusCodec.encode("n", new BusMessage.Titled("Minutes ✓"));
        assertEquals("{\"node\":\"n\",\"type\":\"title\",\"title\":\"Minutes ✓\"}", title);
        assertEquals(
                new BusMessage.Titled("Minutes ✓"), BusCodec.decode("d", title).message());
        String comment = BusCodec.encode("n", new BusMessage.CommentChanged(17));
        assertEquals("{\"node\":\"n\",\"type\":\"comment\",\"id\":17}", comment);
        assertEquals(
                new BusMessage.CommentChanged(17), BusCodec.decode("d", comment).message());
        String deleted = BusCodec.encode("n", new BusMessage.Deleted());
        assertEquals("{\"node\":\"n\",\"type\":\"deleted\"}", deleted);
        assertEquals(new BusMessage.Deleted(), BusCodec.decode("d", deleted).message());
    }

    @Test
    void aSuggestionChangeRoundTripsByIdLikeAComment() {
        String suggestion = BusCodec.encode("n", new BusMessage.SuggestionChanged(4));
        assertEquals("{\"node\":\"n\",\"type\":\"suggestion\",\"id\":4}", suggestion);
        assertEquals(
                new BusMessage.SuggestionChanged(4),
                BusCodec.decode("d", suggestion).message());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> BusCodec.decode("d", "{\"node\":\"n\",\"type\":\"suggestion\"}"));
        assertEquals("bus message: missing \"id\"", missing.getMessage());
    }

    @Test
    void aMessageOfAnotherKindIsRefusedWithItsReason() {
        assertEquals(
                "bus message: unknown type \"rename\"",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BusCodec.decode("d", "{\"node\":\"n\",\"type\":\"rename\"}"))
                        .getMessage());
        assertEquals(
                "bus message: missing \"clientId\"",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BusCodec.decode("d", "{\"node\":\"n\",\"type\":\"left\"}"))
                        .getMessage());
    }
}
