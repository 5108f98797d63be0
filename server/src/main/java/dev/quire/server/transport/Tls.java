package dev.quire.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS context from a PKCS#12 keystore ({@code --tls-keystore}, {@code --tls-password})
 * through the JDK's {@code KeyStore}, {@code KeyManagerFactory} and {@code SSLContext}: protocol
 * versions and cipher suites are the JDK's defaults. A keystore that cannot be read, a wrong
 * password or a keystore without a private key stops start-up with a message naming the setting.
 */
final class Tls {
    private Tls() {}

    static SSLContext context(Path keystore, String password) {
        char[] secret = password.toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("--tls-password: not the password of --tls-keystore " + keystore);
            }
            throw new IllegalArgumentException(
                    "--tls-keystore: cannot read " + keystore + " as a PKCS#12 keystore: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "--tls-keystore: cannot read " + keystore + " as a PKCS#12 keystore: " + e.getMessage(), e);
        }
        try {
            if (!hasKey(store)) {
                throw new IllegalArgumentException(
                        "--tls-keystore: " + keystore + " holds no private key with its certificate");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException(
                    "--tls-password: the private key in --tls-keystore " + keystore + " has another password");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-keystore: cannot use " + keystore + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasKey(KeyStore store) throws KeyStoreException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
                return true;
            }
        }
        return false;
    }
}
