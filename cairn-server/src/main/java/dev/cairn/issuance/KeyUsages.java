package dev.cairn.issuance;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The key usage (RFC 5280 §4.2.1.3) and extended key usage (§4.2.1.12) of a profile's leaf
 * certificates.
 *
 * <p>A key usage is set only where it fits the subject key (RFC 3279 §2.3.1 for RSA, RFC 5480
 * §3 for EC): {@code keyEncipherment} and {@code dataEncipherment} only for RSA keys (RSA key
 * transport), {@code keyAgreement} only for EC keys (ECDH). So a profile naming {@code
 * keyEncipherment} gives it to RSA keys and leaves it off EC keys, as Let's Encrypt's classic
 * profile did. Every profile must name {@code digitalSignature} or {@code nonRepudiation}, which
 * fit every key, so that no certificate ends up without a usage. A leaf never gets {@code
 * keyCertSign} or {@code cRLSign}: it is not a CA. Extended key usages are limited to TLS
 * ({@code serverAuth}, {@code clientAuth}), what certificates for DNS names and IP addresses
 * are for.
 */
public record KeyUsages(Set<Usage> keyUsages, List<Purpose> extendedKeyUsages) {

    /** A key usage bit an operator may name, and the key algorithms it fits (null: every one). */
    public enum Usage {
        DIGITAL_SIGNATURE("digitalSignature", KeyUsage.digitalSignature, null),
        NON_REPUDIATION("nonRepudiation", KeyUsage.nonRepudiation, null),
        KEY_ENCIPHERMENT("keyEncipherment", KeyUsage.keyEncipherment, "RSA"),
        DATA_ENCIPHERMENT("dataEncipherment", KeyUsage.dataEncipherment, "RSA"),
        KEY_AGREEMENT("keyAgreement", KeyUsage.keyAgreement, "EC");

        private final String rfcName;
        private final int bit;
        private final String onlyFor;

        Usage(String rfcName, int bit, String onlyFor) {
            this.rfcName = rfcName;
            this.bit = bit;
            this.onlyFor = onlyFor;
        }

        public String rfcName() {
            return rfcName;
        }

        boolean fits(PublicKey key) {
            return onlyFor == null || onlyFor.equalsIgnoreCase(key.getAlgorithm());
        }
    }

    /** An extended key usage an operator may name. */
    public enum Purpose {
        SERVER_AUTH("serverAuth", KeyPurposeId.id_kp_serverAuth),
        CLIENT_AUTH("clientAuth", KeyPurposeId.id_kp_clientAuth);

        private final String rfcName;
        private final KeyPurposeId id;

        Purpose(String rfcName, KeyPurposeId id) {
            this.rfcName = rfcName;
            this.id = id;
        }

        public String rfcName() {
            return rfcName;
        }

        KeyPurposeId id() {
            return id;
        }
    }

    /** digitalSignature, keyEncipherment for RSA keys, serverAuth: the classic profile's, and the default. */
    public static final KeyUsages CLASSIC =
            new KeyUsages(EnumSet.of(Usage.DIGITAL_SIGNATURE, Usage.KEY_ENCIPHERMENT), List.of(Purpose.SERVER_AUTH));

    /** digitalSignature and serverAuth only, as Let's Encrypt's tlsserver and shortlived profiles. */
    public static final KeyUsages TLS_SERVER =
            new KeyUsages(EnumSet.of(Usage.DIGITAL_SIGNATURE), List.of(Purpose.SERVER_AUTH));

    public KeyUsages {
        keyUsages = keyUsages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(keyUsages));
        extendedKeyUsages = List.copyOf(new LinkedHashSet<>(extendedKeyUsages));
        if (!keyUsages.contains(Usage.DIGITAL_SIGNATURE) && !keyUsages.contains(Usage.NON_REPUDIATION)) {
            throw new IllegalArgumentException("key usages " + names(keyUsages, Usage::rfcName)
                    + " must include digitalSignature or nonRepudiation: keyEncipherment and dataEncipherment"
                    + " fit RSA keys only and keyAgreement EC keys only, so some keys would get no usage at all");
        }
        if (extendedKeyUsages.isEmpty()) {
            throw new IllegalArgumentException(
                    "name at least one extended key usage: " + names(List.of(Purpose.values()), Purpose::rfcName));
        }
    }

    /** {@code digitalSignature+keyEncipherment}: names as in RFC 5280, in any case, joined by '+'. */
    public static Set<Usage> parseKeyUsages(String text) {
        Set<Usage> usages = EnumSet.noneOf(Usage.class);
        for (String name : split(text, "ku")) {
            usages.add(Arrays.stream(Usage.values())
                    .filter(u -> u.rfcName.equalsIgnoreCase(name) || alias(name).equals(u.rfcName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown key usage '" + name + "'" + whyNot(name)
                            + "; use " + names(List.of(Usage.values()), Usage::rfcName))));
        }
        return usages;
    }

    /** {@code serverAuth+clientAuth}: names as in RFC 5280, in any case, joined by '+'; order is kept. */
    public static List<Purpose> parseExtendedKeyUsages(String text) {
        List<Purpose> purposes = new ArrayList<>();
        for (String name : split(text, "eku")) {
            purposes.add(Arrays.stream(Purpose.values())
                    .filter(p -> p.rfcName.equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown or unsupported extended key usage '"
                            + name + "'; Cairn's certificates name DNS names and IP addresses, for TLS: use "
                            + names(List.of(Purpose.values()), Purpose::rfcName))));
        }
        return purposes;
    }

    /** The KeyUsage extension for this subject key: the profile's usages that fit it. */
    KeyUsage keyUsageFor(PublicKey subjectKey) {
        int bits = 0;
        for (Usage u : keyUsages) {
            if (u.fits(subjectKey)) {
                bits |= u.bit;
            }
        }
        return new KeyUsage(bits);
    }

    org.bouncycastle.asn1.x509.ExtendedKeyUsage extendedKeyUsage() {
        return new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                extendedKeyUsages.stream().map(Purpose::id).toArray(KeyPurposeId[]::new));
    }

    /** For descriptions: "digitalSignature, keyEncipherment (RSA keys); serverAuth". */
    public String describe() {
        String ku = keyUsages.stream()
                .sorted()
                .map(u -> u.rfcName + (u.onlyFor == null ? "" : " (" + u.onlyFor + " keys)"))
                .collect(Collectors.joining(", "));
        return ku + "; " + names(extendedKeyUsages, Purpose::rfcName);
    }

    private static List<String> split(String text, String what) {
        Objects.requireNonNull(text, what);
        List<String> names = new ArrayList<>();
        for (String part : text.split("\\+", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException(what + "='" + text + "' has an empty name; join names with '+'");
            }
            names.add(part.trim());
        }
        return names;
    }

    /** RFC 5280 renamed nonRepudiation to contentCommitment; both are accepted. */
    private static String alias(String name) {
        return name.equalsIgnoreCase("contentCommitment") ? "nonRepudiation" : name;
    }

    private static String whyNot(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("keycertsign") || n.equals("crlsign")) {
            return " (a leaf certificate is not a CA and never signs certificates or CRLs)";
        }
        if (n.equals("encipheronly") || n.equals("decipheronly")) {
            return " (not offered: it only qualifies keyAgreement, and no TLS stack needs it)";
        }
        return "";
    }

    private static <T> String names(java.util.Collection<T> items, Function<T, String> name) {
        return items.stream().map(name).collect(Collectors.joining(", "));
    }
}
