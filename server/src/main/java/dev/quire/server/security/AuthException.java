package dev.quire.server.security;

/**
 * A token was refused. The message says why for people (e.g. {@code "token expired"}) and never
 * contains the token or any part of it.
 */
public final class AuthException extends Exception {
    public AuthException(String reason) {
        super(reason, null, false, false);
    }
}
