package dev.quire.server.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

/** Signed test tokens: HS256 with the tests' secret unless a signer is given. */
final class Tokens {
    static final String SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";

    private Tokens() {}

    /** A token for {@code sub} with {@code docs}, valid for an hour. */
    static String of(String sub, Map<String, String> docs) {
        return sign(claims(sub, docs, Instant.now().plus(Duration.ofHours(1))).build());
    }

    static JWTClaimsSet.Builder claims(String sub, Map<String, String> docs, Instant expires) {
        return new JWTClaimsSet.Builder().subject(sub).claim("docs", docs).expirationTime(Date.from(expires));
    }

    static String sign(JWTClaimsSet claims) {
        return sign(claims, secretSigner(SECRET), JWSAlgorithm.HS256);
    }

    static MACSigner secretSigner(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWTClaimsSet claims, JWSSigner signer, JWSAlgorithm alg) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** An unsigned token ({@code alg: none}) with the given claims. */
    static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The PEM text of a public key. */
    static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
