package dev.cairn.authority;

import dev.cairn.issuance.RevocationReasons;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import dev.cairn.storage.Storage;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * revokeCert (RFC 8555 §7.6). Three ways to be allowed: the account that ordered the
 * certificate, an account holding valid authorizations for every identifier in it, or a
 * request signed with the certificate's own key.
 */
public final class RevocationService {
    private final Storage storage;
    private final Clock clock;

    RevocationService(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Revocation requested by an account ({@code kid}). */
    public CertificateRecord revokeByAccount(Account account, byte[] certificateDer, Integer reason) {
        int code = RevocationReasons.check(reason);
        CertificateRecord cert = find(certificateDer);
        if (!cert.accountId().equals(account.id()) && !holdsAuthorizationsFor(account, cert.identifiers())) {
            throw AcmeProblem.unauthorized("Account " + account.id() + " did not order this certificate and does not"
                    + " hold valid authorizations for all of its identifiers " + cert.identifiers()
                    + "; revoke with the ordering account, validate every identifier first, or sign with the"
                    + " certificate's key");
        }
        return revoke(cert, code);
    }

    /** Revocation signed with the certificate's key ({@code jwk}). */
    public CertificateRecord revokeByCertificateKey(PublicKey signingKey, byte[] certificateDer, Integer reason) {
        int code = RevocationReasons.check(reason);
        CertificateRecord cert = find(certificateDer);
        PublicKey certKey = parse(certificateDer).getPublicKey();
        if (!Arrays.equals(certKey.getEncoded(), signingKey.getEncoded())) {
            throw AcmeProblem.unauthorized("The request is signed with a jwk that is not the certificate's public key;"
                    + " sign with the certificate's private key, or use an account (kid) that may revoke it");
        }
        return revoke(cert, code);
    }

    private boolean holdsAuthorizationsFor(Account account, List<Identifier> identifiers) {
        Instant now = clock.instant();
        return identifiers.stream()
                .allMatch(id -> storage.authorizationsFor(account.id(), id.withoutWildcard()).stream()
                        .anyMatch(a -> a.effectiveStatus(now) == AuthorizationStatus.VALID));
    }

    private CertificateRecord revoke(CertificateRecord cert, int reason) {
        CertificateRecord current = cert;
        while (true) {
            if (current.isRevoked()) {
                throw AcmeProblem.of(
                        ProblemType.ALREADY_REVOKED,
                        "Certificate " + current.serial()
                                + " was already revoked at " + current.revokedAt() + " (reason "
                                + current.revocationReason()
                                + ")");
            }
            Optional<CertificateRecord> stored = storage.updateCertificate(current.revoked(clock.instant(), reason));
            if (stored.isPresent()) {
                return stored.get();
            }
            current = storage.certificateBySerial(cert.serial()).orElseThrow();
        }
    }

    private CertificateRecord find(byte[] der) {
        X509Certificate x509 = parse(der);
        String serial = x509.getSerialNumber().toString(16);
        return storage.certificateBySerial(serial)
                .filter(c -> Arrays.equals(c.leafDer(), der))
                .orElseThrow(() -> AcmeProblem.notFound("Certificate with serial " + serial
                        + " was not issued by this CA; send the DER of a certificate this server issued"));
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw AcmeProblem.malformed("The certificate field is not a DER X.509 certificate (base64url, no padding);"
                    + " send the certificate's DER encoding");
        }
    }
}
