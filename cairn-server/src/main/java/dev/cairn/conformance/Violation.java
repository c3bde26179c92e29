package dev.cairn.conformance;

import java.time.Instant;
import java.util.Objects;

/**
 * One mistake one request made. {@code section} is the RFC section it breaks (the rule's, or a
 * more precise one); {@code time} comes from the server's clock; {@code clientAddress} is set
 * only on violations no account could be named for, so that they can still be told apart.
 * Details longer than {@link #MAX_DETAIL} characters are cut, to keep the report's memory bounded.
 */
public record Violation(
        Rule rule, String section, String detail, String method, String path, Instant time, String clientAddress) {
    public static final int MAX_DETAIL = 400;

    public Violation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(time, "time");
        detail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail;
        path = path.length() > MAX_DETAIL ? path.substring(0, MAX_DETAIL) + "…" : path;
    }
}
