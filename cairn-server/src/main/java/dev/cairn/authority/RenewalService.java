package dev.cairn.authority;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * ACME Renewal Information (RFC 9773): the suggested renewal window of a certificate (§4.2)
 * and the checks on a newOrder's {@code replaces} (§5).
 *
 * <p>Window: "renew when one third of the lifetime is left". For a lifetime {@code L} the
 * window starts at {@code notAfter - L/3} and ends at {@code notAfter - L/6}: clients pick a
 * uniformly random moment in it (§4.2), which spreads renewals of certificates issued
 * together, and the final sixth stays free for retries before expiry. A 90-day certificate
 * gets days 60 to 75. A revoked certificate gets a window wholly in the past ({@code now - 2h}
 * to {@code now - 1h}), which tells clients to renew immediately (§4.2).
 */
public final class RenewalService {
    private static final Duration MIN_WINDOW = Duration.ofSeconds(1);

    private final Storage storage;
    private final Clock clock;

    RenewalService(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** A suggested renewal window; {@code start} is always before {@code end} (§4.2 MUST). */
    public record Window(Instant start, Instant end) {}

    /** RFC 9773 §4.2. A malformed certID is malformed (400); one naming no certificate here is 404. */
    public Window renewalInfo(String certId) {
        CertificateRecord cert = issued(CertificateId.parse(certId))
                .orElseThrow(() ->
                        AcmeProblem.notFound("No certificate issued by this server has the identifier " + certId));
        Instant now = clock.instant();
        if (cert.isRevoked()) {
            return new Window(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
        }
        if (cert.notBefore() == null || cert.notAfter() == null) {
            Certificate leaf = Certificate.getInstance(cert.leafDer());
            return windowOf(
                    leaf.getStartDate().getDate().toInstant(),
                    leaf.getEndDate().getDate().toInstant());
        }
        return windowOf(cert.notBefore(), cert.notAfter());
    }

    static Window windowOf(Instant notBefore, Instant notAfter) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        Instant start = notAfter.minus(lifetime.dividedBy(3));
        Instant end = notAfter.minus(lifetime.dividedBy(6));
        // the wire form has whole seconds; a window under a second could print as start == end
        return new Window(start, end.isBefore(start.plus(MIN_WINDOW)) ? start.plus(MIN_WINDOW) : end);
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
