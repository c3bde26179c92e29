package dev.cairn.validation;

/**
 * A DNS lookup that produced no usable records, saying which kind of nothing it was so that
 * a validator can tell the applicant what the VA saw.
 */
public final class DnsLookupException extends Exception {
    /** What the VA saw. */
    public enum Kind {
        /** The name does not exist (RCODE 3). */
        NXDOMAIN,
        /** The name exists but has no records of the type asked for (NOERROR, empty answer). */
        NO_RECORDS,
        /** The resolver answered with SERVFAIL, REFUSED or another error RCODE. */
        SERVER_FAILURE,
        /** No answer arrived in time, or the resolver could not be reached. */
        TIMEOUT
    }

    private final Kind kind;
    private final String name;
    private final String recordType;

    public DnsLookupException(Kind kind, String name, String recordType, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.name = name;
        this.recordType = recordType;
    }

    public Kind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String recordType() {
        return recordType;
    }

    /** True when the DNS itself failed, as opposed to answering that there is nothing. */
    public boolean isServerSide() {
        return kind == Kind.SERVER_FAILURE || kind == Kind.TIMEOUT;
    }
}
