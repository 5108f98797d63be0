package dev.quire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorActionTest {
    @Test
    void everyCodeOfTheProtocolHasItsAction() {
        assertEquals(ErrorAction.RETRY_LATER, ErrorAction.of("rate-limited", true));
        for (String code : new String[] {"document-deleted", "unauthorized", "invalid-doc-id", "too-many-documents"}) {
            assertEquals(ErrorAction.HALT, ErrorAction.of(code, false), code);
        }
        assertEquals(ErrorAction.HALT, ErrorAction.of("forbidden", false));
        assertEquals(ErrorAction.RESYNC, ErrorAction.of("forbidden", true));
        for (String code : new String[] {
            "version-out-of-range", "history-compacted", "seq-reused", "seq-gap", "invalid-op", "not-joined"
        }) {
            assertEquals(ErrorAction.RESYNC, ErrorAction.of(code, true), code);
        }
        assertEquals(ErrorAction.REPORT, ErrorAction.of("internal", false));
        assertEquals(ErrorAction.REPORT, ErrorAction.of("a-code-from-a-newer-server", false));
    }
}
