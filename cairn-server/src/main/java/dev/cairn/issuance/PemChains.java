package dev.cairn.issuance;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A leaf's downloadable PEM chains (RFC 8555 §9.1), kept as the leaf's DER plus chain texts
 * that every leaf from the same issuer shares; each chain's text is made when asked for.
 *
 * <p>Why: a test CA keeps every certificate in memory, and storing each chain as its own
 * string cost about 5 KB per certificate (two chains of leaf, intermediate and cross-signed
 * certificates in Base64) where the leaf's DER is about 0.7 KB. Downloads are rare next to
 * issuance, and Base64 of one leaf costs microseconds. Immutable; equal to any list of the
 * same strings.
 */
public final class PemChains extends AbstractList<String> implements RandomAccess {
    private final byte[] leafDer;
    private final List<String> aboveLeaf;

    /** {@code aboveLeaf.get(i)}: the PEM text that follows the leaf in chain i. */
    public PemChains(byte[] leafDer, List<String> aboveLeaf) {
        this.leafDer = leafDer.clone();
        this.aboveLeaf = List.copyOf(Objects.requireNonNull(aboveLeaf, "aboveLeaf"));
    }

    @Override
    public String get(int index) {
        return Pem.block("CERTIFICATE", leafDer).concat(aboveLeaf.get(index));
    }

    @Override
    public int size() {
        return aboveLeaf.size();
    }
}
