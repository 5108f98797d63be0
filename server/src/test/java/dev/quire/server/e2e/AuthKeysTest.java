package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.quire.server.QuireServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens signed by an identity provider's private key, checked with the PEM public key. */
class AuthKeysTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path keys;

    @Test
    void rs256TokensAreCheckedWithThePemPublicKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String token = Tokens.sign(claims(), new RSASSASigner(pair.getPrivate()), JWSAlgorithm.RS256);
        KeyPair other = g.generateKeyPair();
        String forged = Tokens.sign(claims(), new RSASSASigner(other.getPrivate()), JWSAlgorithm.RS256);
        assertAcceptedAndForgedRefused(pair, token, forged);
    }

    @Test
    void es256TokensAreCheckedWithThePemPublicKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        String token = Tokens.sign(claims(), new ECDSASigner((ECPrivateKey) pair.getPrivate()), JWSAlgorithm.ES256);
        KeyPair other = g.generateKeyPair();
        String forged = Tokens.sign(claims(), new ECDSASigner((ECPrivateKey) other.getPrivate()), JWSAlgorithm.ES256);
        assertAcceptedAndForgedRefused(pair, token, forged);
    }

    @Test
    void aFileThatIsNotAPublicKeyStopsStartUpNamingTheSetting() throws Exception {
        Path bad = keys.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ServerFixture.start(dataDir, "--jwt-public-key", bad.toString())
                        .close());
        assertTrue(e.getMessage().startsWith("--jwt-public-key " + bad + ": "), e.getMessage());
    }

    private void assertAcceptedAndForgedRefused(KeyPair pair, String token, String forged) throws Exception {
        Path pem = keys.resolve("public.pem");
        Files.writeString(pem, Tokens.pem(pair.getPublic()));
        try (QuireServer server = ServerFixture.start(dataDir, "--jwt-public-key", pem.toString())) {
            int port = server.port();
            try (WsClient ws = WsClient.connect(port, AuthTest.bearer(token))) {
                ws.send(ProtocolTest.join("notes", "session-aaaa"));
                assertEquals("write", ws.nextOfType("joined").get("role").asText());
            }
            assertEquals(
                    401, Http.withToken(port, "GET", "/api/docs", null, forged).status());
            // An HS256 token signed with the public key's bytes as a secret (algorithm confusion).
            String confused = Tokens.sign(
                    Tokens.claims("eve", Map.of("*", "admin"), Instant.now().plusSeconds(3600))
                            .build(),
                    new com.nimbusds.jose.crypto.MACSigner(pair.getPublic().getEncoded()),
                    JWSAlgorithm.HS256);
            assertEquals(
                    401,
                    Http.withToken(port, "GET", "/api/docs", null, confused).status());
        }
    }

    private static com.nimbusds.jwt.JWTClaimsSet claims() {
        return Tokens.claims("ada", Map.of("notes", "write"), Instant.now().plusSeconds(3600))
                .build();
    }
}
