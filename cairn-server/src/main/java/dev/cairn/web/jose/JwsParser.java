package dev.cairn.web.jose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.protocol.AcmeProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Parses a request body into a {@link FlattenedJws} and checks the envelope rules of
 * RFC 8555 §6.2. It does not check the signature, the algorithm, the nonce or the URL: those
 * are later steps of the request pipeline, so that each step answers with its own problem.
 *
 * <p>Duplicate members are refused (RFC 7515 §5.2 lets a JWS parser do so) because two
 * readers of one header could otherwise see different values.
 */
public final class JwsParser {
    private static final String SEND =
            "; send a flattened JWS JSON object {\"protected\", \"payload\", \"signature\"} (RFC 8555 §6.2)";
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_=-]*\\.[A-Za-z0-9_=-]*\\.[A-Za-z0-9_=-]*");

    private JwsParser() {}

    public static FlattenedJws parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw AcmeProblem.malformed("request body is empty" + SEND);
        }
        JsonNode node;
        try {
            node = StrictJson.read(body);
        } catch (IOException e) {
            throw notJson(body, e);
        }
        return parse(node);
    }

    /** Only on the error path: say "compact" when that is what was sent (catalog JWS-01). */
    private static AcmeProblem notJson(byte[] body, IOException e) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (COMPACT.matcher(text).matches()) {
            return AcmeProblem.malformed("request body is a JWS in compact serialization" + SEND);
        }
        return AcmeProblem.malformed("request body is not valid JSON (" + jsonError(e) + ")" + SEND);
    }

    /** Parses a JWS that is already JSON: the body, or the inner JWS of keyChange and EAB. */
    public static FlattenedJws parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw AcmeProblem.malformed("JWS is " + kind(node) + ", not a JSON object" + SEND);
        }
        if (node.has("signatures")) {
            throw AcmeProblem.malformed("JWS uses the general serialization (\"signatures\" array); send exactly one"
                    + " signature in the flattened serialization" + SEND);
        }
        if (node.has("header")) {
            throw AcmeProblem.malformed("JWS has an unprotected \"header\" member; put every header parameter in"
                    + " \"protected\" (RFC 8555 §6.2)");
        }
        String protectedB64 = member(node, "protected");
        String payloadB64 = member(node, "payload");
        String signatureB64 = member(node, "signature");
        byte[] headerBytes = decode(protectedB64, "protected");
        byte[] payload = decode(payloadB64, "payload");
        decode(signatureB64, "signature");
        if (signatureB64.isEmpty()) {
            throw AcmeProblem.malformed("JWS \"signature\" is empty; sign the request with the account key");
        }
        ProtectedHeader header = header(headerBytes);
        return new FlattenedJws(protectedB64, payloadB64, signatureB64, header, payload);
    }

    private static ProtectedHeader header(byte[] bytes) {
        JsonNode raw;
        try {
            raw = StrictJson.read(bytes);
        } catch (IOException e) {
            throw AcmeProblem.malformed("JWS protected header is not valid JSON (" + jsonError(e)
                    + "); base64url-encode a JSON object with alg, nonce, url and jwk or kid");
        }
        if (raw == null || !raw.isObject()) {
            throw AcmeProblem.malformed("JWS protected header is " + kind(raw)
                    + ", not a JSON object; send an object with alg, nonce, url and jwk or kid");
        }
        if (raw.has("crit")) {
            throw AcmeProblem.malformed("JWS protected header has a \"crit\" member; ACME understands no critical"
                    + " extensions, remove it");
        }
        JsonNode b64 = raw.get("b64");
        if (b64 != null && !(b64.isBoolean() && b64.booleanValue())) {
            throw AcmeProblem.malformed("JWS protected header has \"b64\": " + b64
                    + "; the unencoded payload option is not allowed (RFC 8555 §6.2), remove it");
        }
        String alg = text(raw, "alg");
        if (alg == null) {
            throw AcmeProblem.malformed("JWS protected header has no \"alg\"; add the signature algorithm, e.g. ES256");
        }
        String url = text(raw, "url");
        if (url == null) {
            throw AcmeProblem.malformed("JWS protected header has no \"url\"; add the exact URL this request is sent"
                    + " to (RFC 8555 §6.4)");
        }
        String nonce = text(raw, "nonce");
        String kid = text(raw, "kid");
        JsonNode jwk = raw.get("jwk");
        if (jwk != null && kid != null) {
            throw AcmeProblem.malformed("JWS protected header has both \"jwk\" and \"kid\"; they are mutually"
                    + " exclusive: use jwk for newAccount and revokeCert by certificate key, kid otherwise");
        }
        if (jwk == null && kid == null) {
            throw AcmeProblem.malformed("JWS protected header has neither \"jwk\" nor \"kid\"; add jwk for"
                    + " newAccount and revokeCert by certificate key, else kid with your account URL");
        }
        if (jwk != null && !jwk.isObject()) {
            throw AcmeProblem.malformed("JWS protected header \"jwk\" is " + kind(jwk) + "; send the public key as"
                    + " a JWK object (RFC 7517)");
        }
        return new ProtectedHeader(alg, nonce, url, kid, jwk, raw);
    }

    /** A string member of the header, null when absent; any other JSON type is refused. */
    private static String text(JsonNode raw, String name) {
        JsonNode v = raw.get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw AcmeProblem.malformed("JWS protected header \"" + name + "\" is " + kind(v) + "; send a string");
        }
        return v.textValue();
    }

    private static String member(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null) {
            throw AcmeProblem.malformed("JWS has no \"" + name + "\" member" + SEND);
        }
        if (!v.isTextual()) {
            throw AcmeProblem.malformed("JWS \"" + name + "\" is " + kind(v) + "; send a base64url string");
        }
        return v.textValue();
    }

    private static byte[] decode(String value, String name) {
        byte[] bytes = Base64Url.decodeOrNull(value);
        if (bytes == null) {
            throw AcmeProblem.malformed("JWS \"" + name + "\" is not unpadded base64url; use the URL-safe alphabet"
                    + " (A-Z a-z 0-9 - _) without '=' padding (RFC 7515 §2)");
        }
        return bytes;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String jsonError(IOException e) {
        if (e instanceof JsonProcessingException jpe && jpe.getOriginalMessage() != null) {
            String msg = jpe.getOriginalMessage();
            return msg.length() > 120 ? msg.substring(0, 120) + "…" : msg;
        }
        return "unreadable";
    }
}
