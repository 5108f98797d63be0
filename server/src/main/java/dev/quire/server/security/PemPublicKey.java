package dev.quire.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The {@code --jwt-public-key} file: one PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA
 * (tokens signed RS256, at least 2048 bits) or EC P-256 (ES256). Read once at start; a file that
 * is not such a key stops start-up with a message naming the setting.
 *
 * @param algorithm the one algorithm tokens signed with this key may use
 * @param verifier  nimbus's verifier for it
 */
record PemPublicKey(JWSAlgorithm algorithm, JWSVerifier verifier) {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    static PemPublicKey read(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw bad(file, "cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw bad(file, "expected a PEM block " + BEGIN + " … " + END);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw bad(file, "the PEM block is not base64");
        }
        PublicKey key = decode(file, der);
        try {
            if (key instanceof RSAPublicKey rsa) {
                if (rsa.getModulus().bitLength() < 2048) {
                    throw bad(file, "an RSA key must have at least 2048 bits");
                }
                return new PemPublicKey(JWSAlgorithm.RS256, new RSASSAVerifier(rsa));
            }
            if (key instanceof ECPublicKey ec) {
                if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                    throw bad(file, "an EC key must be on curve P-256 (ES256)");
                }
                return new PemPublicKey(JWSAlgorithm.ES256, new ECDSAVerifier(ec));
            }
        } catch (JOSEException e) {
            throw bad(file, e.getMessage());
        }
        throw bad(file, "expected an RSA or EC public key");
    }

    private static PublicKey decode(Path file, byte[] der) {
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this type: try the next.
            }
        }
        throw bad(file, "not an RSA or EC public key");
    }

    private static IllegalArgumentException bad(Path file, String why) {
        return new IllegalArgumentException("--jwt-public-key " + file + ": " + why);
    }
}
