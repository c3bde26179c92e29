package dev.cairn.protocol;

/** The challenge types Cairn validates (RFC 8555 §8.3, §8.4; RFC 8737). */
public enum ChallengeType {
    HTTP_01("http-01"),
    DNS_01("dns-01"),
    TLS_ALPN_01("tls-alpn-01");

    private final String wire;

    ChallengeType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ChallengeType fromWire(String value) {
        for (ChallengeType t : values()) {
            if (t.wire.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown challenge type " + value);
    }
}
