package dev.quire.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** HS256 test tokens (the server's tests sign the same way). */
final class Tokens {
    static final String SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";

    private Tokens() {}

    /** A token for {@code sub} with {@code docs}, valid for an hour, signed with {@code secret}. */
    static String of(String secret, String sub, Map<String, String> docs) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("docs", docs)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static String of(String sub, Map<String, String> docs) {
        return of(SECRET, sub, docs);
    }
}
