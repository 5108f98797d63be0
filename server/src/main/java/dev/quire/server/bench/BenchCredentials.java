package dev.quire.server.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens the load generator presents when the server has authentication on: none
 * (authentication off), one token for every editor ({@code --token}), or one HS256 token per
 * editor signed with the server's secret ({@code --jwt-secret}), so that every editor is its own
 * user, as real editors are (the per-user connection cap counts users). Tokens are minted before
 * any socket opens: signing is not part of the measured handshake.
 *
 * <p>Minted tokens: {@code sub} {@code bench-<i>}, {@code name} {@code bench <i>}, {@code docs}
 * {@code {"*": "write"}}; the convergence check's reader is {@code bench-reader} with
 * {@code {"*": "read"}}. Immutable; thread-safe.
 */
final class BenchCredentials {
    /** The least the server accepts for {@code --jwt-secret} (HS256): 32 bytes. */
    static final int MIN_SECRET_BYTES = 32;

    private final Optional<String> token;
    private final Optional<MACSigner> signer;
    private final Instant expires;

    private BenchCredentials(Optional<String> token, Optional<MACSigner> signer, Instant expires) {
        this.token = token;
        this.signer = signer;
        this.expires = expires;
    }

    /** No token: the server runs with authentication off. */
    static BenchCredentials none() {
        return new BenchCredentials(Optional.empty(), Optional.empty(), Instant.EPOCH);
    }

    /** Every editor and the convergence check present {@code token}. */
    static BenchCredentials token(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("--token: expected a token, found an empty value");
        }
        return new BenchCredentials(Optional.of(token), Optional.empty(), Instant.EPOCH);
    }

    /** Tokens signed with {@code secret} (the server's {@code --jwt-secret}), valid until {@code expires}. */
    static BenchCredentials signedWith(String secret, Instant expires) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "--jwt-secret: expected at least " + MIN_SECRET_BYTES + " bytes, found " + key.length);
        }
        try {
            return new BenchCredentials(Optional.empty(), Optional.of(new MACSigner(key)), expires);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("--jwt-secret: " + e.getMessage(), e);
        }
    }

    /** True when editors present tokens. */
    boolean present() {
        return token.isPresent() || signer.isPresent();
    }

    /** The token editor {@code i} presents, if any. */
    Optional<String> editor(int i) {
        return token.or(() -> signer.map(s -> sign(s, "bench-" + i, "bench " + i, "write")));
    }

    /** The token of the convergence check's {@code GET /api/docs/{id}}, if any. */
    Optional<String> reader() {
        return token.or(() -> signer.map(s -> sign(s, "bench-reader", "bench reader", "read")));
    }

    private String sign(MACSigner s, String sub, String name, String role) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("name", name)
                .claim("docs", Map.of("*", role))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(s);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a bench token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
