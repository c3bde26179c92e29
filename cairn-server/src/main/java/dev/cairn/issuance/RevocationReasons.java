package dev.cairn.issuance;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.util.Set;

/**
 * The revocation reasons a subscriber may give (RFC 8555 §7.6, RFC 5280 §5.3.1). Like Let's
 * Encrypt, Cairn allows unspecified (0), keyCompromise (1), affiliationChanged (3), superseded
 * (4) and cessationOfOperation (5). cACompromise (2), certificateHold (6), value 7 (unused),
 * removeFromCRL (8), privilegeWithdrawn (9) and aACompromise (10) are for the CA to decide.
 */
public final class RevocationReasons {
    public static final int UNSPECIFIED = 0;
    private static final Set<Integer> ALLOWED = Set.of(0, 1, 3, 4, 5);

    private RevocationReasons() {}

    /** The reason code to record: {@code reason}, or 0 when the request has none. */
    public static int check(Integer reason) {
        if (reason == null) {
            return UNSPECIFIED;
        }
        if (!ALLOWED.contains(reason)) {
            throw AcmeProblem.of(
                    ProblemType.BAD_REVOCATION_REASON,
                    "revocation reason " + reason
                            + " is not allowed; use 0 (unspecified), 1 (keyCompromise), 3 (affiliationChanged), "
                            + "4 (superseded) or 5 (cessationOfOperation), or leave 'reason' out");
        }
        return reason;
    }
}
