package dev.cairn.issuance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a key hierarchy lives between starts: {@code <name>.pem} holds a certificate and
 * {@code <name>.key.pem} its PKCS#8 private key (0600). {@link #none()} keeps nothing, for an
 * in-memory CA. A file that exists but does not parse is an error, never silently replaced.
 */
final class CaFiles {
    private final Path dir;

    private CaFiles(Path dir) {
        this.dir = dir;
    }

    static CaFiles none() {
        return new CaFiles(null);
    }

    static CaFiles in(Path dir) {
        SecureFiles.createPrivateDirectory(dir);
        return new CaFiles(dir);
    }

    Optional<X509Certificate> certificate(String name) {
        Path file = certificateFile(name);
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        List<X509Certificate> certificates = parse(file, Pem::parseCertificates);
        if (certificates.size() != 1) {
            throw new IllegalStateException(file + " holds " + certificates.size()
                    + " certificates; expected exactly one. Restore it from a backup or remove it.");
        }
        return Optional.of(certificates.get(0));
    }

    Optional<PrivateKey> privateKey(String name) {
        Path file = keyFile(name);
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(parse(file, Pem::parsePrivateKey));
    }

    void save(String name, X509Certificate certificate) {
        if (dir != null) {
            SecureFiles.writeAtomically(certificateFile(name), Pem.bytes(Pem.encode(certificate)), false);
        }
    }

    void save(String name, PrivateKey key) {
        if (dir != null) {
            SecureFiles.writeAtomically(keyFile(name), Pem.bytes(Pem.encode(key)), true);
        }
    }

    Path certificateFile(String name) {
        return dir == null ? null : dir.resolve(name + ".pem");
    }

    Path keyFile(String name) {
        return dir == null ? null : dir.resolve(name + ".key.pem");
    }

    private static <T> T parse(Path file, Function<String, T> parser) {
        try {
            return parser.apply(SecureFiles.read(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot use " + file + ": " + e.getMessage(), e);
        }
    }
}
