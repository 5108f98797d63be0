package dev.quire.client;

import java.security.SecureRandom;
import java.util.Base64;

/** Session ids: 128 random bits as 22 base64url characters (protocol: 8–64 of {@code [A-Za-z0-9_-]}). Internal. */
final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sessions() {}

    static String random() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
