package dev.cairn.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the web layer saw of one request and its answer, in ACME terms and without HTTP types.
 *
 * @param client whose report the violations go in; resolved only when something is recorded,
 *     because it may cost a storage lookup
 * @param requester who signed the request, for the rules that span requests: {@code kid:} and the
 *     account URL as sent, or {@code jwk:} and the key's thumbprint; null when unknown (no JWS)
 * @param url the absolute URL the request was sent to
 * @param noted the violations the pipeline and the endpoint noted on the way
 * @param badNonce the answer was badNonce (for whatever reason, test-mode rejections included)
 * @param linkOnly the URL is one Cairn only ever hands out in a Link header (alternate chains,
 *     orders pages after the first)
 * @param retryAfter the answer's Retry-After, or null
 * @param location the answer's Location, or null
 * @param links the Link URLs of the answer that a client may follow (alternate, next)
 */
public record Observation(
        Supplier<ClientRef> client,
        String requester,
        String method,
        String path,
        String url,
        String clientAddress,
        Instant arrived,
        List<Noted> noted,
        boolean badNonce,
        boolean linkOnly,
        Duration retryAfter,
        String location,
        List<String> links) {

    /** A violation noted while the request was handled; {@code section} null means the rule's own. */
    public record Noted(Rule rule, String section, String detail) {
        public Noted {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(detail, "detail");
        }

        public String sectionOrDefault() {
            return section == null ? rule.section() : section;
        }
    }

    public Observation {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(arrived, "arrived");
        noted = List.copyOf(noted);
        links = List.copyOf(links);
    }
}
