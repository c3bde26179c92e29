package dev.cairn.web.jose;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A JWS in the flattened JSON serialization (RFC 7515 §7.2.2), as RFC 8555 §6.2 requires.
 * The base64url members are kept as received because the signature covers them, not the
 * decoded values.
 */
public record FlattenedJws(
        String protectedB64, String payloadB64, String signatureB64, ProtectedHeader header, byte[] payload) {

    public FlattenedJws {
        Objects.requireNonNull(protectedB64, "protectedB64");
        Objects.requireNonNull(payloadB64, "payloadB64");
        Objects.requireNonNull(signatureB64, "signatureB64");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
    }

    /** RFC 8555 §6.3: a POST-as-GET has a payload member that is exactly the empty string. */
    public boolean isPostAsGet() {
        return payloadB64.isEmpty();
    }

    /** RFC 7515 §5.2: ASCII(BASE64URL(protected) || '.' || BASE64URL(payload)). */
    public byte[] signingInput() {
        return (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    }
}
