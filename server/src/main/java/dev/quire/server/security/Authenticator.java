package dev.quire.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import dev.quire.server.protocol.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a bearer token into a {@link Principal}, or refuses it with a reason that never contains
 * the token. Tokens are JWS compact JWTs checked by nimbus-jose-jwt: signed with the operator's
 * key ({@code --jwt-secret}: HS256; {@code --jwt-public-key}: RS256 or ES256) or with the
 * server's own share key (HS256, {@link ShareKey}, for share links only); {@code sub} and
 * {@code exp} required; {@code exp} and {@code nbf} checked with {@link #CLOCK_SKEW} of tolerance
 * (none for share tokens, which this server's own clock signs and checks).
 * Also signs share tokens. Immutable and thread-safe.
 */
public final class Authenticator {
    /** How far the issuer's clock may be from ours when checking {@code exp} and {@code nbf}. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** The {@code sub} prefix of share tokens; only the share key may sign it. */
    public static final String SHARE_SUBJECT = "share:";

    private static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A share token and when it expires. */
    public record ShareToken(String token, Instant expires) {}

    private record Key(JWSAlgorithm algorithm, JWSVerifier verifier) {}

    private final Optional<Key> operator;
    private final Key share;
    private final MACSigner shareSigner;

    private Authenticator(Optional<Key> operator, byte[] shareKey) {
        this.operator = operator;
        try {
            this.share = new Key(JWSAlgorithm.HS256, new MACVerifier(shareKey));
            this.shareSigner = new MACSigner(shareKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("share key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the configured key (a bad one throws {@link IllegalArgumentException} naming the
     * setting) and, with authentication on, the share key under {@code dataDir} (created if absent).
     */
    public static Authenticator start(AuthSettings settings, Path dataDir) {
        if (!settings.enabled()) {
            return off();
        }
        Key operator;
        if (settings.jwtSecret().isPresent()) {
            try {
                byte[] secret = settings.jwtSecret().get().getBytes(StandardCharsets.UTF_8);
                operator = new Key(JWSAlgorithm.HS256, new MACVerifier(secret));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("--jwt-secret: " + e.getMessage());
            }
        } else {
            PemPublicKey pem = PemPublicKey.read(settings.jwtPublicKey().orElseThrow());
            operator = new Key(pem.algorithm(), pem.verifier());
        }
        return new Authenticator(Optional.of(operator), ShareKey.loadOrCreate(dataDir));
    }

    /** Authentication off: every token, and none, is {@link Principal#trusted()}; nothing can be shared. */
    public static Authenticator off() {
        return new Authenticator(Optional.empty(), new byte[32]);
    }

    /** Whether tokens are required (a key is configured). */
    public boolean enabled() {
        return operator.isPresent();
    }

    /**
     * The principal of a token.
     *
     * @throws AuthException a missing, malformed, forged, expired or not-yet-valid token, or bad claims
     */
    public Principal authenticate(String token) throws AuthException {
        if (operator.isEmpty()) {
            return Principal.trusted();
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new AuthException("token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthException("not a signed JSON Web Token (JWS compact form)");
        }
        Key by = verifiedBy(jwt);
        try {
            DefaultJWTClaimsVerifier<SecurityContext> verifier =
                    new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder().build(), Set.of("sub", "exp"));
            // Share tokens are signed and checked by this server's own clock: no skew to allow for.
            verifier.setMaxClockSkew(by == share ? 0 : (int) CLOCK_SKEW.toSeconds());
            verifier.verify(claims, null);
        } catch (BadJWTException e) {
            throw new AuthException("token refused: " + e.getMessage());
        }
        String sub = claims.getSubject();
        if (sub.isBlank()) {
            throw new AuthException("claim sub: expected a non-empty string");
        }
        if ((by == share) != sub.startsWith(SHARE_SUBJECT)) {
            throw new AuthException("claim sub: share: subjects belong to share links only");
        }
        Object name = claims.getClaim("name");
        if (name != null && !(name instanceof String)) {
            throw new AuthException("claim name: expected a string");
        }
        Optional<String> display = name == null || ((String) name).isBlank()
                ? Optional.empty()
                : Optional.of(User.cleanName(Optional.of((String) name)));
        return new Principal(
                sub,
                display,
                Grants.fromClaim(claims.getClaim("docs")),
                Optional.of(claims.getExpirationTime().toInstant()));
    }

    private Key verifiedBy(SignedJWT jwt) throws AuthException {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        Key configured = operator.orElseThrow();
        try {
            if (alg.equals(configured.algorithm()) && jwt.verify(configured.verifier())) {
                return configured;
            }
            if (alg.equals(share.algorithm()) && jwt.verify(share.verifier())) {
                return share;
            }
        } catch (JOSEException e) {
            throw new AuthException("signature cannot be checked");
        }
        if (!alg.equals(configured.algorithm()) && !alg.equals(share.algorithm())) {
            throw new AuthException("signature algorithm not accepted: expected " + configured.algorithm());
        }
        throw new AuthException("signature does not verify");
    }

    /**
     * Signs a share link's token: {@code sub} {@code share:<random id>}, {@code name} Guest,
     * {@code docs} {@code {docId: role}}, expiring after {@code validFor}.
     */
    public ShareToken share(String docId, Role role, Duration validFor) {
        if (operator.isEmpty()) {
            throw new IllegalStateException("authentication is off: there is nothing to share");
        }
        Instant now = Instant.now();
        Instant expires = now.plus(validFor).truncatedTo(ChronoUnit.SECONDS);
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(SHARE_SUBJECT + Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                .claim("name", "Guest")
                .claim("docs", Map.of(docId, role.wire()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(shareSigner);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a share token: " + e.getMessage(), e);
        }
        return new ShareToken(jwt.serialize(), expires);
    }
}
