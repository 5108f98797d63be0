package dev.quire.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Host header parsing and the origin normal form, without a server. */
class AllowedHostsTest {
    private final AllowedHosts hosts = AllowedHosts.discover(
            "quire.internal",
            List.of(URI.create("https://docs.example.com/"), URI.create("http://[2001:db8::7]:9000")));

    @Test
    void namesAndAddressesTheServerIsReachedBy() {
        for (String host : List.of(
                "localhost",
                "localhost:8080",
                "LocalHost:1",
                "127.0.0.1",
                "127.255.0.9:80",
                "[::1]",
                "[0:0:0:0:0:0:0:1]:8080",
                "quire.internal:8080",
                "docs.example.com",
                "DOCS.example.com:443",
                "[2001:db8::7]:9000",
                "[2001:DB8:0::7]")) {
            assertTrue(hosts.allows(host), host);
        }
    }

    @Test
    void everythingElseIsRefused() {
        for (String host : List.of(
                "",
                "evil.example",
                "localhost.evil.com",
                "evillocalhost",
                "docs.example.com.evil.com",
                "127.0.0.1.evil.com",
                "127.0.0.256",
                "2130706433",
                "0.0.0.0",
                "[::]",
                "localhost:abc",
                "localhost:8080:80",
                "[::1",
                "::1",
                "[2001:db8::8]",
                "user@localhost")) {
            assertFalse(hosts.allows(host), host);
        }
    }

    @Test
    void literalsAreParsedWithoutLookingAnythingUp() {
        assertTrue(AllowedHosts.literal("10.0.0.1").isPresent());
        assertEquals(Optional.empty(), AllowedHosts.literal("10.0.0.300"));
        assertEquals(Optional.empty(), AllowedHosts.literal("[not-an-address]"));
        assertEquals(Optional.empty(), AllowedHosts.literal("example.com"));
    }

    @Test
    void originsAreComparedInTheirNormalForm() {
        assertEquals(Optional.of("http://localhost:8080"), OriginCheck.normalise("HTTP://LocalHost:8080"));
        assertEquals(Optional.of("https://docs.example.com"), OriginCheck.normalise("https://docs.example.com:443"));
        assertEquals(Optional.of("http://[::1]:8080"), OriginCheck.normalise("http://[::1]:8080"));
        for (String bad :
                List.of("null", "", "file://", "ws://localhost", "http://a/b", "http://u@a", "http://a:1.b")) {
            assertEquals(Optional.empty(), OriginCheck.normalise(bad), bad);
        }
    }
}
