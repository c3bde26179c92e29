package dev.cairn.authority;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * ACME Renewal Information (RFC 9773): the suggested renewal window of a certificate (§4.2),
 * the operator's overrides of it, and the checks on a newOrder's {@code replaces} (§5).
 *
 * <p>Window: "renew when one third of the lifetime is left". For a lifetime {@code L} the
 * window starts at {@code notAfter - L/3} and ends at {@code notAfter - L/6}: clients pick a
 * uniformly random moment in it (§4.2), which spreads renewals of certificates issued
 * together, and the final sixth stays free for retries before expiry. A 90-day certificate
 * gets days 60 to 75. A revoked certificate gets a window wholly in the past ({@code now - 2h}
 * to {@code now - 1h}), which tells clients to renew immediately (§4.2).
 *
 * <p>An operator may set another window for one certificate (the management API); it is kept
 * on the certificate's stored record, so every Cairn on the same database answers it and it
 * survives restarts, until it is cleared. Revocation still wins over it: a revoked certificate
 * is always due for renewal, whatever window was set before.
 */
public final class RenewalService {
    private static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    private static final int MAX_ATTEMPTS = 5;

    private final Storage storage;
    private final Clock clock;

    RenewalService(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** RFC 9773 §4.2. A malformed certID is malformed (400); one naming no certificate here is 404. */
    public RenewalWindow renewalInfo(String certId) {
        CertificateRecord cert = issued(CertificateId.parse(certId))
                .orElseThrow(() ->
                        AcmeProblem.notFound("No certificate issued by this server has the identifier " + certId));
        return windowOf(cert);
    }

    /** The window renewalInfo answers for this certificate now. */
    public RenewalWindow windowOf(CertificateRecord cert) {
        if (cert.isRevoked()) {
            Instant now = clock.instant();
            return new RenewalWindow(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
        }
        if (cert.renewalOverride() != null) {
            return cert.renewalOverride();
        }
        if (cert.notBefore() == null || cert.notAfter() == null) {
            Certificate leaf = Certificate.getInstance(cert.leafDer());
            return windowOf(
                    leaf.getStartDate().getDate().toInstant(),
                    leaf.getEndDate().getDate().toInstant());
        }
        return windowOf(cert.notBefore(), cert.notAfter());
    }

    static RenewalWindow windowOf(Instant notBefore, Instant notAfter) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        Instant start = notAfter.minus(lifetime.dividedBy(3));
        Instant end = notAfter.minus(lifetime.dividedBy(6));
        // the wire form has whole seconds; a window under a second could print as start == end
        return new RenewalWindow(start, end.isBefore(start.plus(MIN_WINDOW)) ? start.plus(MIN_WINDOW) : end);
    }

    /**
     * The certificate named by an RFC 9773 certID or by its serial in hexadecimal (as {@code
     * openssl x509 -serial} prints it, colons allowed). Malformed text is malformed (400), an
     * unknown certificate 404.
     */
    public CertificateRecord certificate(String certIdOrSerial) {
        String text = certIdOrSerial == null ? "" : certIdOrSerial.trim();
        if (text.contains(".")) {
            return issued(CertificateId.parse(text))
                    .orElseThrow(() ->
                            AcmeProblem.notFound("No certificate issued by this server has the identifier " + text));
        }
        String serial = text.replace(":", "").toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
        if (!serial.matches("[0-9a-f]+")) {
            throw AcmeProblem.malformed("\"" + text + "\" is neither an RFC 9773 certificate identifier"
                    + " (AKI.serial in base64url) nor a hexadecimal serial number");
        }
        return storage.certificateBySerial(serial)
                .orElseThrow(
                        () -> AcmeProblem.notFound("No certificate issued by this server has the serial " + serial));
    }

    /** The certificate issued here whose DER encoding is exactly {@code der}; 404 otherwise. */
    public CertificateRecord certificate(byte[] der) {
        String serial;
        try {
            serial = Certificate.getInstance(der).getSerialNumber().getValue().toString(16);
        } catch (RuntimeException e) {
            throw AcmeProblem.malformed("the certificate is not a DER X.509 certificate: " + e.getMessage());
        }
        return storage.certificateBySerial(serial)
                .filter(c -> Arrays.equals(c.leafDer(), der))
                .orElseThrow(() ->
                        AcmeProblem.notFound("This server did not issue that certificate (serial " + serial + ")"));
    }

    /**
     * Makes renewalInfo answer {@code window} for the certificate from now on. Instants are cut
     * to whole seconds, the wire form, and must still make a window. A revoked certificate
     * keeps its window in the past, so setting one is refused (409).
     */
    public CertificateRecord override(CertificateRecord cert, RenewalWindow window) {
        RenewalWindow seconds;
        try {
            seconds = new RenewalWindow(
                    window.start().truncatedTo(ChronoUnit.SECONDS),
                    window.end().truncatedTo(ChronoUnit.SECONDS),
                    window.explanationUrl());
        } catch (IllegalArgumentException e) {
            throw AcmeProblem.malformed(e.getMessage() + " once cut to whole seconds, the form renewalInfo sends");
        }
        return update(cert, c -> {
            if (c.isRevoked()) {
                throw AcmeProblem.malformed("certificate " + c.serial() + " is revoked: its renewal window is"
                                + " always in the past, so clients renew it now")
                        .withStatus(409);
            }
            return c.withRenewalOverride(seconds);
        });
    }

    /** Back to the computed window. */
    public CertificateRecord clearOverride(CertificateRecord cert) {
        return update(cert, c -> c.withRenewalOverride(null));
    }

    private CertificateRecord update(CertificateRecord cert, UnaryOperator<CertificateRecord> change) {
        CertificateRecord current = cert;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<CertificateRecord> stored = storage.updateCertificate(change.apply(current));
            if (stored.isPresent()) {
                return stored.get();
            }
            // revoked or overridden meanwhile: decide again on what is stored now
            current = storage.certificateBySerial(cert.serial()).orElseThrow();
        }
        throw AcmeProblem.serverInternal("certificate " + cert.serial() + " kept changing; try again");
    }

    /**
     * RFC 9773 §5: the certificate an order may replace must exist, belong to the ordering
     * account and share an identifier with the order. Returns its canonical certID; whether it
     * was already replaced is the order service's check, since it needs orders' statuses.
     */
    CertificateId replaceable(Account account, String certId, List<Identifier> identifiers) {
        CertificateId id = CertificateId.parse(certId);
        CertificateRecord cert = issued(id)
                .orElseThrow(() -> AcmeProblem.malformed("\"replaces\" names " + certId
                        + ", but no certificate issued by this server has that identifier"));
        if (!cert.accountId().equals(account.id())) {
            throw AcmeProblem.unauthorized("The certificate " + certId + " in \"replaces\" was issued to another"
                    + " account; an order can replace only its own account's certificates");
        }
        if (identifiers.stream().noneMatch(cert.identifiers()::contains)) {
            throw AcmeProblem.malformed("The order shares no identifier with the certificate " + certId
                    + " it replaces (" + cert.identifiers() + "); RFC 9773 §5 requires at least one in common");
        }
        return id;
    }

    /** The certificate with this serial, provided the certID's key identifier is its issuer's. */
    private Optional<CertificateRecord> issued(CertificateId id) {
        return storage.certificateBySerial(id.serialHex())
                .filter(c -> CertificateId.of(c.leafDer()).keyIdentifier().equals(id.keyIdentifier()));
    }
}
