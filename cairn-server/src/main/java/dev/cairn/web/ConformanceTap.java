package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.authority.Account;
import dev.cairn.authority.Authority;
import dev.cairn.conformance.ClientConformance;
import dev.cairn.conformance.ClientRef;
import dev.cairn.conformance.Observation;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.web.jose.JwkKeys;
import dev.cairn.web.jose.ProtectedHeader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each answered request to the {@link ClientConformance} report, just before the answer
 * is written: the request's {@link ClientNotes}, who signed it, and the answer's Retry-After,
 * Location and Link headers. It never changes an answer; a failure here is logged and dropped.
 *
 * <p>Who sent a request: the account the pipeline resolved, else the {@code kid} or {@code jwk}
 * of the body read leniently (a request refused before the pipeline parsed it still names its
 * signer), else, for an unsigned request to a resource URL (a GET where POST-as-GET is
 * required), the account that owns the resource; else nobody ({@code anonymous}). A request
 * that names its signer before the signature is checked is taken at its word: this is a
 * report for client developers, not an access decision.
 */
final class ConformanceTap {
    private static final Logger LOG = LoggerFactory.getLogger(ConformanceTap.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OFFERED = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?(alternate|next)\"?");

    private final ClientConformance conformance;
    private final Urls urls;
    private final Authority authority;

    ConformanceTap(ClientConformance conformance, Urls urls, Authority authority) {
        this.conformance = conformance;
        this.urls = urls;
        this.authority = authority;
    }

    ClientNotes begin() {
        return new ClientNotes(conformance.now());
    }

    void beforeSend(Exchange ex) {
        try {
            observe(ex);
        } catch (RuntimeException e) {
            LOG.warn("the conformance report could not take in {} {}", ex.method(), ex.path(), e);
        }
    }

    /** Who signed a request: {@code kid} as sent, or the thumbprint of {@code jwk}. */
    private record Signer(String kid, String thumbprint) {
        String requester() {
            return kid != null ? "kid:" + kid : thumbprint != null ? "jwk:" + thumbprint : null;
        }

        static Signer of(ProtectedHeader header, String thumbprint) {
            return new Signer(header.kid(), thumbprint != null ? thumbprint : thumbprintOf(header.jwk()));
        }
    }

    private void observe(Exchange ex) {
        ClientNotes notes = ex.notes();
        if (!ex.isPost() && notes.noted().isEmpty()) {
            return;
        }
        Signer signer = notes.header() != null
                ? Signer.of(notes.header(), notes.thumbprint())
                : lenientSigner(ex.bodyForAttribution(RequestPipeline.MAX_BODY));
        String requester = signer == null ? null : signer.requester();
        if (requester == null && notes.noted().isEmpty()) {
            return;
        }
        conformance.observe(new Observation(
                once(() -> client(notes, signer)),
                requester,
                ex.method(),
                ex.path(),
                urls.requestUrl(ex.pathAndQuery()),
                ex.remoteAddress(),
                notes.arrived(),
                notes.noted(),
                notes.isBadNonce(),
                notes.isLinkOnly(),
                retryAfter(ex.responseHeader("Retry-After")),
                ex.responseHeader("Location"),
                offered(ex.responseHeaders("Link"))));
    }

    private ClientRef client(ClientNotes notes, Signer signer) {
        Optional<String> id;
        if (notes.accountId() != null) {
            id = Optional.of(notes.accountId());
        } else if (signer != null && signer.kid() != null) {
            id = Optional.ofNullable(urls.accountId(signer.kid()))
                    .filter(i -> authority.accounts().byId(i).isPresent());
        } else if (signer != null && signer.thumbprint() != null) {
            id = authority.accounts().byThumbprint(signer.thumbprint()).map(Account::id);
        } else {
            id = ownerOf(notes.route(), notes.params());
        }
        return id.map(i -> ClientRef.account(i, urls.account(i))).orElse(ClientRef.ANONYMOUS);
    }

    /** The account owning the resource an unsigned request was sent to. */
    private Optional<String> ownerOf(String route, List<String> params) {
        if (route == null || params.isEmpty()) {
            return Optional.empty();
        }
        String id = params.get(0);
        return switch (route) {
            case "account" -> authority.accounts().byId(id).map(Account::id);
            case "order", "finalize" -> authority.orders().orderOwner(id);
            case "authz", "challenge" -> authority.challenges().authorizationOwner(id);
            case "cert" -> authority.orders().certificateOwner(id);
            default -> Optional.empty();
        };
    }

    /** The signer of a body the pipeline did not get to parse, read without any of its checks. */
    private static Signer lenientSigner(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode jws = JSON.readTree(body);
            JsonNode protectedB64 = jws == null ? null : jws.get("protected");
            JsonNode header = protectedB64 == null
                    ? null
                    : JSON.readTree(Base64.getUrlDecoder().decode(protectedB64.asText()));
            if (header == null || !header.isObject()) {
                return null;
            }
            JsonNode kid = header.get("kid");
            if (kid != null && kid.isTextual()) {
                return new Signer(kid.textValue(), null);
            }
            String thumbprint = thumbprintOf(header.get("jwk"));
            return thumbprint == null ? null : new Signer(null, thumbprint);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String thumbprintOf(JsonNode jwk) {
        if (jwk == null || !jwk.isObject()) {
            return null;
        }
        try {
            return JwkKeys.thumbprint(jwk);
        } catch (AcmeProblem | IllegalArgumentException e) {
            return null;
        }
    }

    /** Delta-seconds only: the form Cairn sends. */
    private static Duration retryAfter(String value) {
        if (value == null || !value.matches("\\d{1,9}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    private static List<String> offered(List<String> linkHeaders) {
        List<String> out = new ArrayList<>(0);
        for (String header : linkHeaders) {
            if (!header.contains("alternate") && !header.contains("next")) {
                continue; // the index link every answer carries: skip the regular expression
            }
            Matcher m = OFFERED.matcher(header);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
