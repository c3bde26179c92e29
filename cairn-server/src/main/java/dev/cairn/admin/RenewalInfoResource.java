package dev.cairn.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.CertificateId;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.RenewalService;
import dev.cairn.authority.RenewalWindow;
import dev.cairn.issuance.Pem;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.web.ProblemDocument;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settable ARI answers (RFC 9773 §4.2) on the management API.
 *
 * <ul>
 *   <li>{@code POST /renewal-info {"certificate", "start", "end", "explanationURL"?}}: from now
 *       on the renewalInfo resource answers this window for the certificate, named by its
 *       certID or its hexadecimal serial; times are RFC 3339.
 *   <li>{@code GET /renewal-info/{certID or serial}}: what renewalInfo answers now, and why
 *       ({@code "source"}: computed, override or revoked).
 *   <li>{@code DELETE /renewal-info/{certID or serial}}: back to the computed window.
 *   <li>{@code POST /set-renewal-info/ {"certificate": PEM, "ariResponse": JSON}}: Pebble's
 *       endpoint (v2.8+), member names matched in any case as Go does; {@code ariResponse} is
 *       the renewalInfo document, as a JSON string (Pebble) or an object.
 * </ul>
 *
 * Errors are problem documents: malformed input 400, unknown certificate 404, a revoked
 * certificate 409. The window is stored on the certificate (see {@link RenewalService}).
 */
final class RenewalInfoResource {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalInfoResource.class);
    private static final int MAX_BODY = 64 * 1024;
    static final String PREFIX = "/renewal-info";
    static final String PEBBLE = "/set-renewal-info";

    private final RenewalService renewals;
    private final ObjectMapper mapper;

    RenewalInfoResource(RenewalService renewals, ObjectMapper mapper) {
        this.renewals = renewals;
        this.mapper = mapper;
    }

    static boolean serves(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/") || path.equals(PEBBLE) || path.equals(PEBBLE + "/");
    }

    EabKeysResource.Reply handle(Request request, String path) throws IOException {
        try {
            return route(request, path);
        } catch (AcmeProblem p) {
            LOG.info("{} {} {}: {}", request.getMethod(), path, p.status(), p.getMessage());
            return new EabKeysResource.Reply(
                    p.status(),
                    ProblemDocument.MEDIA_TYPE,
                    ProblemDocument.render(mapper, p).toString());
        }
    }

    private EabKeysResource.Reply route(Request request, String path) throws IOException {
        String method = request.getMethod();
        if (path.startsWith(PEBBLE)) {
            requireMethod(method, "POST");
            return setPebble(read(request));
        }
        String id = path.length() > PREFIX.length() + 1 ? path.substring(PREFIX.length() + 1) : "";
        if (id.isEmpty()) {
            requireMethod(method, "POST");
            return setCairn(read(request));
        }
        CertificateRecord cert = renewals.certificate(id);
        return switch (method) {
            case "GET", "HEAD" -> reply(cert);
            case "DELETE" -> {
                CertificateRecord cleared = renewals.clearOverride(cert);
                LOG.info("renewal window of certificate {} back to the computed one", cert.serial());
                yield reply(cleared);
            }
            default -> throw notAllowed(method, "GET or DELETE on " + PREFIX + "/{certID or serial}");
        };
    }

    private EabKeysResource.Reply setCairn(JsonNode body) {
        CertificateRecord cert = renewals.certificate(text(body, "certificate", "the certID or hex serial"));
        RenewalWindow window = window(
                time(body, "start"), time(body, "end"), optionalText(body.get("explanationURL"), "explanationURL"));
        return set(cert, window);
    }

    private EabKeysResource.Reply setPebble(JsonNode body) {
        Map<String, JsonNode> members = caseInsensitive(body);
        JsonNode pem = members.get("certificate");
        if (pem == null || !pem.isTextual()) {
            throw AcmeProblem.malformed("\"Certificate\" must be the certificate in PEM");
        }
        java.util.List<java.security.cert.X509Certificate> certs;
        try {
            certs = Pem.parseCertificates(pem.textValue());
        } catch (IllegalArgumentException e) {
            throw AcmeProblem.malformed("\"Certificate\" is not PEM: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw AcmeProblem.malformed("\"Certificate\" holds no PEM CERTIFICATE block");
        }
        CertificateRecord cert = renewals.certificate(der(certs.get(0)));
        JsonNode ari = members.get("ariresponse");
        if (ari != null && ari.isTextual()) {
            ari = parse(ari.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8), "\"ARIResponse\"");
        }
        if (ari == null || !ari.isObject() || !ari.path("suggestedWindow").isObject()) {
            throw AcmeProblem.malformed("\"ARIResponse\" must be a renewalInfo document (RFC 9773 §4.2),"
                    + " {\"suggestedWindow\": {\"start\", \"end\"}, \"explanationURL\"?}, as JSON text or an object");
        }
        JsonNode suggested = ari.get("suggestedWindow");
        return set(
                cert,
                window(
                        time(suggested, "start"),
                        time(suggested, "end"),
                        optionalText(ari.get("explanationURL"), "explanationURL")));
    }

    private EabKeysResource.Reply set(CertificateRecord cert, RenewalWindow window) {
        CertificateRecord stored = renewals.override(cert, window);
        LOG.info(
                "renewal window of certificate {} set to {} .. {}",
                stored.serial(),
                stored.renewalOverride().start(),
                stored.renewalOverride().end());
        return reply(stored);
    }

    private EabKeysResource.Reply reply(CertificateRecord cert) {
        RenewalWindow window = renewals.windowOf(cert);
        ObjectNode body = mapper.createObjectNode();
        body.put("certificate", CertificateId.of(cert.leafDer()).wire());
        body.put("serial", cert.serial());
        body.put("source", cert.isRevoked() ? "revoked" : cert.renewalOverride() != null ? "override" : "computed");
        ObjectNode suggested = body.putObject("suggestedWindow");
        suggested.put("start", format(window.start()));
        suggested.put("end", format(window.end()));
        if (window.explanationUrl() != null) {
            body.put("explanationURL", window.explanationUrl());
        }
        return new EabKeysResource.Reply(200, "application/json", body.toString());
    }

    private static byte[] der(java.security.cert.X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw AcmeProblem.malformed("\"Certificate\" cannot be encoded: " + e.getMessage());
        }
    }

    private static RenewalWindow window(Instant start, Instant end, String explanationUrl) {
        try {
            return new RenewalWindow(start, end, explanationUrl);
        } catch (IllegalArgumentException e) {
            throw AcmeProblem.malformed(e.getMessage());
        }
    }

    private static Instant time(JsonNode node, String name) {
        String text = text(node, name, "an RFC 3339 time such as 2026-01-01T00:00:00Z");
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw AcmeProblem.malformed(
                    "\"" + name + "\" is \"" + text + "\", not an RFC 3339 time such as 2026-01-01T00:00:00Z");
        }
    }

    private static String text(JsonNode node, String name, String what) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw AcmeProblem.malformed("\"" + name + "\" is required: " + what);
        }
        return value.textValue().trim();
    }

    private static String optionalText(JsonNode value, String name) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw AcmeProblem.malformed("\"" + name + "\" must be a string");
        }
        return value.textValue();
    }

    private static Map<String, JsonNode> caseInsensitive(JsonNode body) {
        Map<String, JsonNode> members = new java.util.HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            members.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        return members;
    }

    private JsonNode read(Request request) throws IOException {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw AcmeProblem.malformed("the body is larger than " + MAX_BODY + " bytes")
                    .withStatus(413);
        }
        return parse(body, "the body");
    }

    private JsonNode parse(byte[] json, String what) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw AcmeProblem.malformed(what + " must be a JSON object");
        }
        return node;
    }

    private static void requireMethod(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw notAllowed(method, allowed);
        }
    }

    private static AcmeProblem notAllowed(String method, String allowed) {
        return AcmeProblem.malformed(method + " is not allowed here; use " + allowed)
                .withStatus(405);
    }

    private static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
