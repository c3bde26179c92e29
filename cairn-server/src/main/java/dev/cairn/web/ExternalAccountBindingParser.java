package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.ExternalAccountBinding;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.web.jose.FlattenedJws;
import dev.cairn.web.jose.JwkKeys;
import dev.cairn.web.jose.JwsParser;
import dev.cairn.web.jose.StrictJson;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads the {@code externalAccountBinding} member of a newAccount payload (RFC 8555 §7.3.4)
 * into what the authority verifies. Only the shape is checked here: a flattened JWS whose
 * header names a {@code kid} and whose payload is a public JWK. Every malformed shape is
 * {@code malformed}, with the member named in the detail.
 */
final class ExternalAccountBindingParser {
    private static final String MEMBER = "externalAccountBinding";

    private ExternalAccountBindingParser() {}

    /** Null when the payload has no binding (absent or JSON null). */
    static ExternalAccountBinding.Presented parse(JsonNode payload, String outerUrl) {
        JsonNode member = payload == null ? null : payload.get(MEMBER);
        if (member == null || member.isNull()) {
            return null;
        }
        FlattenedJws jws;
        try {
            jws = JwsParser.parse(member);
        } catch (AcmeProblem e) {
            throw AcmeProblem.malformed(MEMBER + " is not a valid flattened JWS: " + e.getMessage());
        }
        if (jws.header().kid() == null) {
            throw AcmeProblem.malformed(MEMBER + " must name its EAB key id in \"kid\" and carry no \"jwk\";"
                    + " the account key goes in its payload (RFC 8555 §7.3.4)");
        }
        return new ExternalAccountBinding.Presented(
                echo(jws),
                jws.header().alg(),
                jws.header().kid(),
                jws.header().raw().has("nonce"),
                jws.header().url(),
                jws.signingInput(),
                signature(jws),
                payloadThumbprint(jws),
                outerUrl);
    }

    /** Only the members the MAC covers are stored and echoed (catalog ACCT-11). */
    private static String echo(FlattenedJws jws) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("protected", jws.protectedB64());
        node.put("payload", jws.payloadB64());
        node.put("signature", jws.signatureB64());
        return node.toString();
    }

    private static byte[] signature(FlattenedJws jws) {
        return Base64.getUrlDecoder().decode(jws.signatureB64()); // JwsParser checked it is base64url
    }

    private static String payloadThumbprint(FlattenedJws jws) {
        JsonNode jwk;
        try {
            jwk = StrictJson.read(jws.payload());
        } catch (IOException e) {
            jwk = null;
        }
        if (jwk == null || !jwk.isObject()) {
            throw AcmeProblem.malformed(MEMBER + " payload must be the account's public key as a JWK object, the same"
                    + " as the outer \"jwk\" (RFC 8555 §7.3.4)");
        }
        try {
            return JwkKeys.thumbprint(jwk);
        } catch (AcmeProblem e) {
            throw AcmeProblem.malformed(MEMBER + " payload is not a usable public JWK: " + e.getMessage());
        }
    }
}
