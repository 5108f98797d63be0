package dev.quire.server.document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * Who changes a comment: the {@code owner} hash stored with what they write (edit and delete
 * are allowed to the same owner), their display name, and whether they may moderate (delete or
 * edit anyone's comment: an admin with authentication on).
 *
 * @param owner an opaque hash of the user (or, with authentication off, the session)
 * @param author the display name written with a new comment
 * @param moderator whether ownership is not checked
 */
public record Commenter(String owner, String author, boolean moderator) {
    public Commenter {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(author, "author");
    }

    /**
     * The owner hash of a user ({@code userId} non-empty, authentication on) or else of a session:
     * the first 16 base64url characters of SHA-256, so the user id itself is never shown.
     */
    public static String ownerOf(String userId, String session) {
        String key = userId.isEmpty() ? "session:" + session : "user:" + userId;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
