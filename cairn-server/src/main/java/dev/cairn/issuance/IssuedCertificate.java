package dev.cairn.issuance;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A freshly signed leaf. {@code serialHex} is lower-case hex without leading zeros.
 * {@code chainsPem.get(i)} is the leaf followed by intermediate i (root left out, no text or
 * blank lines between blocks: RFC 8555 §9.1 and erratum 5983); index 0 is the default chain,
 * the others are offered as {@code rel="alternate"} (RFC 8555 §7.4.2).
 */
public record IssuedCertificate(
        String serialHex, byte[] leafDer, List<String> chainsPem, Instant notBefore, Instant notAfter) {
    public IssuedCertificate {
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        leafDer = leafDer.clone();
        chainsPem = chainsPem instanceof PemChains ? chainsPem : List.copyOf(chainsPem);
    }

    @Override
    public byte[] leafDer() {
        return leafDer.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IssuedCertificate that
                && serialHex.equals(that.serialHex)
                && Arrays.equals(leafDer, that.leafDer)
                && chainsPem.equals(that.chainsPem)
                && notBefore.equals(that.notBefore)
                && notAfter.equals(that.notAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serialHex, Arrays.hashCode(leafDer), chainsPem, notBefore, notAfter);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[serialHex=" + serialHex + ", notBefore=" + notBefore + ", notAfter=" + notAfter
                + ", chains=" + chainsPem.size() + "]";
    }
}
