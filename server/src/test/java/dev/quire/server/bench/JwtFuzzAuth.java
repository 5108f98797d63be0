package dev.quire.server.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Authentication on for the fuzzer: HS256 tokens signed in the test with nimbus-jose-jwt, for
 * fuzz users of different roles ({@code fz-writer} writes the fuzz documents, {@code fz-reader}
 * only reads everything, {@code fz-admin} administers everything, {@code fz-stranger} may read
 * nothing the fuzzers touch), the editors' user {@code editor} (writes {@code shared-*}) and the
 * checks' {@code checker} (admin on {@code *}). A fuzz handshake carries, in 1 of 5, a token the
 * server must refuse with 401: signed with another key, unsigned ({@code alg: none}), expired,
 * garbage, or none. The editors present their token as programs do ({@code Authorization}) and
 * as browsers do (the {@code quire.bearer.<jwt>} subprotocol).
 */
final class JwtFuzzAuth implements FuzzAuth {
    /** The server's {@code --jwt-secret} for these tokens. */
    static final String SECRET = "fuzz-secret-0123456789-0123456789-abcdef";

    private static final Map<String, Map<String, String>> USERS = Map.of(
            "fz-writer", Map.of("fz-*", "write", "many-*", "write", "shared-*", "write"),
            "fz-reader", Map.of("*", "read"),
            "fz-admin", Map.of("*", "admin"),
            "fz-stranger", Map.of("nothing-*", "read"));
    private static final List<String> NAMES = List.of("fz-writer", "fz-reader", "fz-admin", "fz-stranger");

    private final Instant now = Instant.now();
    private final Map<String, String> valid;
    private final String forged;
    private final String unsigned;
    private final String expired;
    private final String editor;
    private final String checker;

    JwtFuzzAuth() {
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] other = "not-the-server-secret-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);
        Instant later = now.plus(Duration.ofHours(6));
        valid = Map.of(
                "fz-writer", token(key, "fz-writer", USERS.get("fz-writer"), later),
                "fz-reader", token(key, "fz-reader", USERS.get("fz-reader"), later),
                "fz-admin", token(key, "fz-admin", USERS.get("fz-admin"), later),
                "fz-stranger", token(key, "fz-stranger", USERS.get("fz-stranger"), later));
        forged = token(other, "fz-admin", Map.of("*", "admin"), later);
        expired = token(key, "fz-admin", Map.of("*", "admin"), now.minus(Duration.ofMinutes(10)));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        unsigned = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(
                        ("{\"sub\":\"fz-admin\",\"exp\":" + later.getEpochSecond() + ",\"docs\":{\"*\":\"admin\"}}")
                                .getBytes(StandardCharsets.UTF_8))
                + ".";
        editor = token(key, "editor", Map.of("shared-*", "write"), later);
        checker = token(key, "checker", Map.of("*", "admin"), later);
    }

    /** A signed HS256 token with {@code sub}, {@code name}, {@code docs} and {@code exp}. */
    static String token(byte[] key, String sub, Map<String, String> docs, Instant exp) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("name", sub)
                .claim("docs", docs)
                .expirationTime(Date.from(exp))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Handshake handshake(Random random) {
        int p = random.nextInt(100);
        String user = NAMES.get(random.nextInt(NAMES.size()));
        if (p < 80) {
            return new Handshake(List.of("Authorization: Bearer " + valid.get(user)), false, user);
        } else if (p < 86) {
            return new Handshake(List.of("Authorization: Bearer " + forged), true, "a forged token");
        } else if (p < 90) {
            return new Handshake(List.of("Authorization: Bearer " + unsigned), true, "an unsigned token");
        } else if (p < 94) {
            return new Handshake(List.of("Authorization: Bearer " + expired), true, "an expired token");
        } else if (p < 97) {
            return new Handshake(List.of("Authorization: Bearer x.y.z"), true, "a garbage token");
        }
        return new Handshake(List.of(), true, "no token");
    }

    @Override
    public Optional<String> authToken(Random random) {
        int p = random.nextInt(10);
        if (p < 7) {
            return Optional.of(valid.get(NAMES.get(random.nextInt(NAMES.size()))));
        }
        return Optional.of(p == 7 ? forged : p == 8 ? expired : unsigned);
    }

    @Override
    public List<String> editorHeaders(int i) {
        return i % 2 == 0
                ? List.of("Authorization: Bearer " + editor)
                : List.of("Sec-WebSocket-Protocol: quire.v1, quire.bearer." + editor);
    }

    @Override
    public List<String> adminHeaders() {
        return List.of("Authorization: Bearer " + checker);
    }

    @Override
    public boolean sessionsBoundToUsers() {
        return true;
    }
}
