package dev.quire.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.security.Authenticator;
import dev.quire.server.security.Role;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/docs/{id}/share} (admin): body {@code {"role":"read"|"write","expiresIn":"24h"}}
 * ({@code expiresIn} in the duration syntax of the configuration, at most 30 days, default 7
 * days); answers {@code {"url":"<origin>/d/<id>#token=<jwt>","token":…,"role":…,"expires":…}}.
 * The token is signed with the server's share key. With authentication off there is nothing to
 * grant: 409.
 */
final class ShareLinks {
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
    static final Duration MAX_VALIDITY = Duration.ofDays(30);
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    /** A response: its status and JSON body. */
    record Result(int status, ObjectNode body) {}

    private final Authenticator authenticator;
    private final JsonCodec codec;

    ShareLinks(Authenticator authenticator, JsonCodec codec) {
        this.authenticator = authenticator;
        this.codec = codec;
    }

    Result create(HttpServerExchange exchange, String docId, JsonNode body) {
        if (!authenticator.enabled()) {
            return new Result(
                    409,
                    codec.mapper()
                            .createObjectNode()
                            .put("code", ErrorCode.FORBIDDEN.wire())
                            .put("message", "authentication is off: every link already grants admin"));
        }
        JsonNode roleField = body.get("role");
        Optional<Role> role = roleField != null && roleField.isTextual()
                ? Role.fromWire(roleField.asText()).filter(r -> r != Role.ADMIN)
                : Optional.empty();
        if (role.isEmpty()) {
            throw malformed("role: expected \"read\" or \"write\"");
        }
        Duration validFor = validity(body.get("expiresIn"));
        Authenticator.ShareToken share = authenticator.share(docId, role.get(), validFor);
        String origin = exchange.getRequestScheme() + "://" + exchange.getHostAndPort();
        return new Result(
                200,
                codec.mapper()
                        .createObjectNode()
                        .put("url", origin + "/d/" + docId + "#token=" + share.token())
                        .put("token", share.token())
                        .put("role", role.get().wire())
                        .put("expires", share.expires().toString()));
    }

    private static Duration validity(JsonNode field) {
        if (field == null || field.isNull()) {
            return DEFAULT_VALIDITY;
        }
        Matcher m = field.isTextual() ? DURATION.matcher(field.asText().toLowerCase(Locale.ROOT)) : null;
        if (m == null || !m.matches()) {
            throw malformed("expiresIn: expected a duration such as 30m, 24h or 168h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
        if (d.isZero() || d.compareTo(MAX_VALIDITY) > 0) {
            throw malformed("expiresIn: expected above zero and at most 30 days (720h)");
        }
        return d;
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }
}
