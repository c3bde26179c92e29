package dev.cairn.nonce;

import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test mode's {@code --nonce-reject PCT} (Pebble's {@code PEBBLE_WFE_NONCEREJECT}): that share
 * of otherwise valid nonces is refused, so clients must handle badNonce by retrying with the
 * fresh Replay-Nonce (RFC 8555 §6.5). A refused nonce is spent all the same. 100 refuses
 * every nonce; 0 none.
 */
public final class RejectingNonceService implements NonceService {
    private static final Logger LOG = LoggerFactory.getLogger(RejectingNonceService.class);

    private final NonceService delegate;
    private final int percent;
    private final Random random;

    public RejectingNonceService(NonceService delegate, int percent, Random random) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("nonce reject percentage must be 0 to 100, not " + percent);
        }
        this.delegate = delegate;
        this.percent = percent;
        this.random = random;
    }

    @Override
    public String issue() {
        return delegate.issue();
    }

    @Override
    public boolean redeem(String nonce) {
        return spend(nonce) == Redemption.ACCEPTED;
    }

    @Override
    public Redemption spend(String nonce) {
        Redemption redemption = delegate.spend(nonce);
        if (redemption != Redemption.ACCEPTED) {
            return redemption;
        }
        if (random.nextInt(100) < percent) {
            LOG.info("injected badNonce: refused a valid nonce (--nonce-reject {})", percent);
            return Redemption.REJECTED_ON_PURPOSE;
        }
        return Redemption.ACCEPTED;
    }
}
