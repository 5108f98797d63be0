package dev.quire.server.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.OpRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON history format read and written, and the checks an import passes before it is stored. */
class ImportCheckTest {
    private static final Instant T = Instant.parse("2026-12-05T21:00:00.123456Z");

    private static OpRecord typed(int version, String op, String session, long seq) {
        return new OpRecord("d", version, op, version - 1, 42, session, seq, "c1", "Ada", T);
    }

    private static DocumentJson.Document doc(String content, OpRecord... ops) {
        return new DocumentJson.Document("d", ops.length, content, List.of(ops));
    }

    private static void refused(ErrorCode code, String message, Runnable check) {
        ProtocolException e = assertThrows(ProtocolException.class, check::run);
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void whatIsWrittenReadsBackRowForRow() throws Exception {
        List<OpRecord> ops = List.of(
                typed(1, "[\"a😀\"]", "session-1", 1),
                new OpRecord("d", 2, "[3,\"!\"]", 0, -7, "", 0, "", "a script", T.plusSeconds(1)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DocumentJson.write("d", 2, "a😀!", ops, DocumentJson.Detail.FULL, out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(
                // Jackson escapes a surrogate pair outside the raw op; any JSON reader decodes it the same.
                "{\"format\":\"quire-document\",\"formatVersion\":1,\"id\":\"d\",\"version\":2,\"content\":\"a\\uD83D\\uDE00!\","
                        + "\"ops\":[{\"version\":1,\"op\":[\"a😀\"],\"author\":\"Ada\",\"clientId\":\"c1\","
                        + "\"time\":\"2026-12-05T21:00:00.123456Z\",\"sessionKey\":\"session-1\",\"seq\":1,"
                        + "\"baseVersion\":0,\"submitHash\":42},{\"version\":2,\"op\":[3,\"!\"],\"author\":\"a script\","
                        + "\"clientId\":\"\",\"time\":\"2026-12-05T21:00:01.123456Z\",\"baseVersion\":0,\"submitHash\":-7}]}",
                json);
        DocumentJson.Document read = DocumentJson.read(json.getBytes(StandardCharsets.UTF_8), "copy");
        assertEquals(2, read.version());
        assertEquals("a😀!", read.content());
        assertEquals(
                List.of(
                        new OpRecord("copy", 1, "[\"a😀\"]", 0, 42, "session-1", 1, "c1", "Ada", T),
                        new OpRecord("copy", 2, "[3,\"!\"]", 0, -7, "", 0, "", "a script", T.plusSeconds(1))),
                read.ops());
        ImportCheck.check(read);
    }

    @Test
    void aPublicExportLeavesTheAdminColumnsOutAndReadsBackWithDefaults() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DocumentJson.write(
                "d", 1, "ab", List.of(typed(1, "[\"ab\"]", "session-1", 1)), DocumentJson.Detail.PUBLIC, out);
        DocumentJson.Document read = DocumentJson.read(out.toByteArray(), "d");
        assertEquals(List.of(new OpRecord("d", 1, "[\"ab\"]", 0, 0, "", 0, "c1", "Ada", T)), read.ops());
    }

    @Test
    void eachSessionsSeqsMustRise() {
        refused(
                ErrorCode.INVALID_IMPORT,
                "ops[1].seq: 1 is not above this session's previous 1",
                () -> ImportCheck.check(
                        doc("ab", typed(1, "[\"a\"]", "session-1", 1), typed(2, "[1,\"b\"]", "session-1", 1))));
        ImportCheck.check(doc("ab", typed(1, "[\"a\"]", "session-1", 1), typed(2, "[1,\"b\"]", "session-2", 1)));
    }

    @Test
    void sessionKeysAndNamesMustFitTheOpLog() {
        refused(
                ErrorCode.INVALID_IMPORT,
                "ops[0].sessionKey: expected 8-64 characters of [A-Za-z0-9_-], optionally after a 16-character user tag"
                        + " and a dot",
                () -> ImportCheck.check(doc("a", typed(1, "[\"a\"]", "short", 1))));
        ImportCheck.check(doc("a", typed(1, "[\"a\"]", "AbCdEfGhIjKlMnOp.session-1", 1)));
        OpRecord longName = new OpRecord("d", 1, "[\"a\"]", 0, 0, "", 0, "", "n".repeat(65), T);
        refused(
                ErrorCode.INVALID_IMPORT,
                "ops[0]: author and clientId are at most 64 characters",
                () -> ImportCheck.check(doc("a", longName)));
    }

    @Test
    void anOpThatDoesNotFitTheTextBeforeItIsRefused() {
        refused(
                ErrorCode.INVALID_IMPORT,
                "ops[0].op: its base length 3 is not the document's length 0 at version 0",
                () -> ImportCheck.check(doc("", typed(1, "[-3]", "session-1", 1))));
    }

    @Test
    void theShapeIsCheckedFieldByField() {
        String head = "{\"format\":\"quire-document\",\"formatVersion\":1,\"version\":1,\"content\":\"a\",\"ops\":[";
        refused(
                ErrorCode.MALFORMED_MESSAGE,
                "ops[0].author: expected a string",
                () -> DocumentJson.read(
                        (head + "{\"version\":1,\"op\":[\"a\"],\"time\":\"2026-12-05T21:00:00Z\"}]}")
                                .getBytes(StandardCharsets.UTF_8),
                        "d"));
        refused(
                ErrorCode.INVALID_IMPORT,
                "ops[0].seq: expected exactly with a sessionKey, and above 0",
                () -> DocumentJson.read(
                        (head
                                        + "{\"version\":1,\"op\":[\"a\"],\"author\":\"A\",\"seq\":3,\"time\":\"2026-12-05T21:00:00Z\"}]}")
                                .getBytes(StandardCharsets.UTF_8),
                        "d"));
        refused(
                ErrorCode.INVALID_IMPORT,
                "format: expected \"quire-document\"",
                () -> DocumentJson.read("{\"format\":\"other\"}".getBytes(StandardCharsets.UTF_8), "d"));
    }
}
