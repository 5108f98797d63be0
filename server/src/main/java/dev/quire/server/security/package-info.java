/**
 * Who may do what: verifying JSON Web Tokens, the principal a connection or request acts as, and
 * its roles per document ({@code read} &lt; {@code write} &lt; {@code admin}). See
 * docs/security.md.
 */
package dev.quire.server.security;
