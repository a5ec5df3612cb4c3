package dev.calllog.core.internal.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM files: certificates ({@code -----BEGIN CERTIFICATE-----}) and PKCS#8 private keys, plain ({@code -----BEGIN
 * PRIVATE KEY-----}) or encrypted with a password ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}), the forms OpenSSL 1.1+
 * and the OpenSearch Security plugin's tools write. Nothing but the JDK.
 */
final class PemFiles {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";

    private PemFiles() {}

    /** Whether the file starts (after blank lines or comments) like a PEM file, rather than a binary key store. */
    static boolean isPem(Path file) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        return text.contains(BEGIN);
    }

    /**
     * The certificates of a PEM file, in order.
     *
     * @throws GeneralSecurityException when it holds none, or one cannot be read
     */
    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (Block b : blocks(file)) {
            if (b.type.equals("CERTIFICATE") || b.type.equals("TRUSTED CERTIFICATE")) {
                try {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
                } catch (CertificateException e) {
                    throw new CertificateException(
                            "'" + file + "' holds a certificate that cannot be read: " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException("'" + file + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /**
     * The private key of a PEM file: PKCS#8, plain or encrypted.
     *
     * @param password the key's password when it is encrypted; null otherwise
     * @throws GeneralSecurityException when the file holds no key of a supported form, or the password is missing or
     *     wrong
     */
    static PrivateKey privateKey(Path file, char[] password) throws IOException, GeneralSecurityException {
        for (Block b : blocks(file)) {
            switch (b.type) {
                case "PRIVATE KEY":
                    return pkcs8(file, b.der);
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null) {
                        throw new GeneralSecurityException(
                                "the key in '" + file + "' is encrypted: give its password (clientKeyPassword)");
                    }
                    return pkcs8(file, decrypt(file, b.der, password));
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new GeneralSecurityException("the key in '" + file + "' is in the older "
                            + b.type.substring(0, b.type.indexOf(' ')) + " form: convert it to PKCS#8 with"
                            + " 'openssl pkcs8 -topk8 -nocrypt -in <key> -out <key>.pkcs8.pem'");
                default:
                // certificates and parameters next to the key are allowed
            }
        }
        throw new GeneralSecurityException("'" + file + "' holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // not this algorithm: try the next
            }
        }
        throw new GeneralSecurityException("the private key in '" + file + "' is of an unsupported algorithm");
    }

    private static byte[] decrypt(Path file, byte[] der, char[] password) throws GeneralSecurityException {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters parameters = info.getAlgParameters();
            // PBES2 keys (OpenSSL's default) name their cipher in the parameters, e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = parameters != null ? parameters.toString() : info.getAlgName();
            if (algorithm == null || algorithm.startsWith("[") || algorithm.contains(" ")) {
                algorithm = info.getAlgName();
            }
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (IOException | GeneralSecurityException e) {
            // The message never carries the password.
            throw new GeneralSecurityException("the encrypted key in '" + file
                    + "' cannot be decrypted (wrong clientKeyPassword, or an unsupported encryption)");
        }
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<Block> out = new ArrayList<>();
        int at = 0;
        while ((at = text.indexOf(BEGIN, at)) >= 0) {
            int typeEnd = text.indexOf("-----", at + BEGIN.length());
            if (typeEnd < 0) {
                break;
            }
            String type = text.substring(at + BEGIN.length(), typeEnd).trim();
            int end = text.indexOf(END + type, typeEnd);
            if (end < 0) {
                throw new GeneralSecurityException("'" + file + "' has a PEM block " + type + " without its end line");
            }
            String body = text.substring(typeEnd + 5, end);
            if (body.contains(":")) {
                // RFC 1421 headers (Proc-Type: 4,ENCRYPTED): OpenSSL's legacy encrypted keys.
                throw new GeneralSecurityException("'" + file + "' holds a legacy encrypted PEM block (" + type
                        + "): convert it to PKCS#8 with 'openssl pkcs8 -topk8'");
            }
            try {
                out.add(new Block(type, Base64.getMimeDecoder().decode(body.strip())));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("'" + file + "' has a PEM block " + type + " that is not base64");
            }
            at = end + END.length();
        }
        return out;
    }
}
