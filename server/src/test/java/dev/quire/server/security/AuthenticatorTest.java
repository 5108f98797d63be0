package dev.quire.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    static final String SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";

    @TempDir
    Path dataDir;

    Authenticator authenticator() {
        return Authenticator.start(
                new AuthSettings(Optional.of(SECRET), Optional.empty(), Duration.ofSeconds(60)), dataDir);
    }

    static String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static JWTClaimsSet.Builder claims(Instant exp) {
        return new JWTClaimsSet.Builder()
                .subject("ada")
                .claim("docs", Map.of("notes", "write"))
                .expirationTime(Date.from(exp));
    }

    String refusal(String token) {
        AuthException e =
                assertThrows(AuthException.class, () -> authenticator().authenticate(token));
        assertFalse(e.getMessage().contains(token), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aValidTokenIsItsPrincipal() throws Exception {
        Instant exp = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Principal p = authenticator()
                .authenticate(sign(claims(exp).claim("name", "  Ada  ").build()));
        assertEquals("ada", p.userId());
        assertEquals("Ada", p.displayName());
        assertEquals(Optional.of(exp), p.expires());
        assertEquals(Optional.of(Role.WRITE), p.roleFor("notes"));
    }

    @Test
    void refusalsSayWhyWithoutTheToken() throws Exception {
        assertEquals("not a signed JSON Web Token (JWS compact form)", refusal("abc.def"));
        assertEquals(
                "token refused: Expired JWT",
                refusal(sign(claims(Instant.now().minusSeconds(300)).build())));
        // Within the 30 s clock skew: still accepted.
        authenticator().authenticate(sign(claims(Instant.now().minusSeconds(5)).build()));
        assertEquals(
                "claim name: expected a string",
                refusal(sign(
                        claims(Instant.now().plusSeconds(60)).claim("name", 7).build())));
        assertEquals(
                "claim sub: share: subjects belong to share links only",
                refusal(sign(
                        claims(Instant.now().plusSeconds(60)).subject("share:x").build())));
    }

    @Test
    void shareTokensAreCheckedWithTheServersOwnKey() throws Exception {
        Authenticator a = authenticator();
        Authenticator.ShareToken share = a.share("notes", Role.READ, Duration.ofHours(1));
        Principal guest = a.authenticate(share.token());
        assertEquals("Guest", guest.displayName());
        assertEquals(Optional.of(Role.READ), guest.roleFor("notes"));
        assertEquals(Optional.empty(), guest.roleFor("other"));
        assertEquals(Optional.of(share.expires()), guest.expires());
        // Another data directory, another share key: the token is not accepted there.
        Path elsewhere = dataDir.resolve("elsewhere");
        java.nio.file.Files.createDirectories(elsewhere);
        Authenticator other = Authenticator.start(
                new AuthSettings(Optional.of(SECRET), Optional.empty(), Duration.ofSeconds(60)), elsewhere);
        assertEquals(
                "signature does not verify",
                assertThrows(AuthException.class, () -> other.authenticate(share.token()))
                        .getMessage());
    }
}
