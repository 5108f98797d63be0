package dev.quire.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrantsTest {
    @Test
    void theHighestMatchingRoleWins() throws Exception {
        Grants g = Grants.fromClaim(Map.of("*", "read", "team-*", "write", "team-plan", "admin"));
        assertEquals(Optional.of(Role.READ), g.roleFor("notes"));
        assertEquals(Optional.of(Role.WRITE), g.roleFor("team-a"));
        assertEquals(Optional.of(Role.ADMIN), g.roleFor("team-plan"));
        Grants narrow = Grants.fromClaim(Map.of("team-*", "admin", "team-plan", "read"));
        assertEquals(Optional.of(Role.ADMIN), narrow.roleFor("team-plan"));
        assertEquals(Optional.empty(), narrow.roleFor("team"));
        assertEquals(Optional.empty(), narrow.roleFor("xteam-a"));
    }

    @Test
    void noClaimGrantsNothing() throws Exception {
        assertEquals(Optional.empty(), Grants.fromClaim(null).roleFor("notes"));
    }

    @Test
    void malformedClaimsAreRefusedWithTheReason() {
        assertEquals(
                "claim docs: expected an object of document patterns to roles",
                assertThrows(AuthException.class, () -> Grants.fromClaim(List.of("notes")))
                        .getMessage());
        assertEquals(
                "claim docs: roles are read, write or admin",
                assertThrows(AuthException.class, () -> Grants.fromClaim(Map.of("notes", "owner")))
                        .getMessage());
        assertEquals(
                "claim docs: roles are read, write or admin",
                assertThrows(AuthException.class, () -> Grants.fromClaim(Map.of("notes", 3)))
                        .getMessage());
        for (String pattern : List.of("", "a*b", "**", "bad id", "x".repeat(129))) {
            assertEquals(
                    "claim docs: a pattern is a document id, a prefix ending in * or *; found an invalid one",
                    assertThrows(AuthException.class, () -> Grants.fromClaim(Map.of(pattern, "read")))
                            .getMessage(),
                    pattern);
        }
    }

    @Test
    void sessionKeysAreBoundToTheUser() {
        Principal ada = new Principal("ada", Optional.empty(), Grants.none(), Optional.of(java.time.Instant.EPOCH));
        Principal bob = new Principal("bob", Optional.empty(), Grants.none(), Optional.of(java.time.Instant.EPOCH));
        String key = ada.sessionKey("session-aaaa");
        assertEquals(16 + 1 + "session-aaaa".length(), key.length());
        assertEquals("session-aaaa", Principal.clientSession(key));
        assertEquals(false, key.equals(bob.sessionKey("session-aaaa")));
        assertEquals("session-aaaa", Principal.trusted().sessionKey("session-aaaa"));
        assertEquals("ada", ada.displayName());
    }
}
