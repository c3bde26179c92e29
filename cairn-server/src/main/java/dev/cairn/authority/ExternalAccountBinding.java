package dev.cairn.authority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.policy.EabKeys;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The rules of RFC 8555 §7.3.4 for the {@code externalAccountBinding} of a newAccount
 * request. {@code web} has parsed the inner flattened JWS into a {@link Presented}; this
 * class decides whether it binds the new account key to a key id this CA issued.
 *
 * <p>Checks run in a fixed order so each failure has one answer (catalog ACCT-10):
 * {@code alg} is HS256/384/512 (malformed), no {@code nonce} (malformed), {@code url} equals
 * the outer {@code url} (malformed), {@code kid} is a key id this CA issued (unauthorized),
 * the MAC verifies (unauthorized), and only then the payload is the outer {@code jwk}
 * (badPublicKey). The MAC comes before the key comparison so that nothing about an
 * unauthenticated payload is acted on.
 */
public final class ExternalAccountBinding {
    private static final Map<String, String> MACS =
            Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An inner JWS as sent. {@code json} is the member exactly as it will be echoed (its
     * {@code protected}, {@code payload} and {@code signature}); {@code signingInput} is
     * {@code protected.payload} as received; {@code payloadThumbprint} is the RFC 7638
     * thumbprint of the JWK in the payload; {@code outerUrl} is the {@code url} of the
     * request that carried it.
     */
    public record Presented(
            String json,
            String alg,
            String kid,
            boolean hasNonce,
            String url,
            byte[] signingInput,
            byte[] mac,
            String payloadThumbprint,
            String outerUrl) {
        public Presented {
            Objects.requireNonNull(json, "json");
            signingInput = signingInput.clone();
            mac = mac.clone();
        }
    }

    private final EabKeys keys;
    private final boolean required;

    public ExternalAccountBinding(EabKeys keys, boolean required) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.required = required;
    }

    /** No keys, not required: a present binding can only name an unknown key id. */
    public static ExternalAccountBinding none() {
        return new ExternalAccountBinding(new EabKeys(false), false);
    }

    public EabKeys keys() {
        return keys;
    }

    /** ACCT-09: when EAB is required, a newAccount without a binding is refused. */
    void requirePresent(Presented binding) {
        if (binding == null && required) {
            throw AcmeProblem.of(
                    ProblemType.EXTERNAL_ACCOUNT_REQUIRED,
                    "This CA requires an external account"
                            + " binding: add \"externalAccountBinding\" to the newAccount payload, a JWS over your account"
                            + " key MACed with the EAB key id and HMAC key your CA operator gave you (RFC 8555 §7.3.4)");
        }
    }

    /** ACCT-10: verifies {@code binding} for the new account whose key has {@code accountThumbprint}. */
    void verify(Presented binding, String accountThumbprint) {
        String macAlgorithm = MACS.get(binding.alg());
        if (macAlgorithm == null) {
            throw AcmeProblem.malformed("externalAccountBinding \"alg\" is \"" + binding.alg() + "\"; it must be a MAC"
                    + " algorithm: HS256, HS384 or HS512 (RFC 8555 §7.3.4)");
        }
        if (binding.hasNonce()) {
            throw AcmeProblem.malformed("externalAccountBinding must not have a \"nonce\" in its protected header"
                    + " (RFC 8555 §7.3.4); only the outer JWS carries one");
        }
        if (!binding.outerUrl().equals(binding.url())) {
            throw AcmeProblem.malformed("externalAccountBinding \"url\" is \"" + binding.url() + "\" but must equal the"
                    + " outer \"url\" \"" + binding.outerUrl() + "\" (RFC 8555 §7.3.4)");
        }
        byte[] key = keys.key(binding.kid())
                .orElseThrow(() -> AcmeProblem.unauthorized("externalAccountBinding"
                        + " \"kid\" \"" + binding.kid()
                        + "\" is not an EAB key id this CA issued; use the key id your CA"
                        + " operator gave you"));
        if (!MessageDigest.isEqual(mac(macAlgorithm, key, binding.signingInput()), binding.mac())) {
            throw AcmeProblem.unauthorized("externalAccountBinding MAC does not verify with the HMAC key of key id \""
                    + binding.kid() + "\"; compute " + binding.alg() + " over base64url(protected) + \".\" +"
                    + " base64url(payload) with the base64url-decoded HMAC key");
        }
        if (!accountThumbprint.equals(binding.payloadThumbprint())) {
            throw AcmeProblem.of(
                    ProblemType.BAD_PUBLIC_KEY,
                    "externalAccountBinding payload is not the account key:"
                            + " it must be the same public JWK as the outer \"jwk\" (RFC 8555 §7.3.4)");
        }
    }

    /** ACCT-12: with single use on, claims the key id for the account about to be stored. */
    void claim(Presented binding, String accountId) {
        if (!keys.claim(binding.kid(), accountId)) {
            throw AcmeProblem.unauthorized("EAB key id \"" + binding.kid() + "\" is already bound to an account and"
                    + " this CA allows each key id one account only; ask your CA operator for a new key id");
        }
    }

    void release(Presented binding, String accountId) {
        keys.release(binding.kid(), accountId);
    }

    /**
     * Start-up, with single use on: the key ids that stored accounts were bound with are spent,
     * so a restart does not let a key id bind a second account. The oldest account keeps a key
     * id that several accounts hold (single use turned on after they were made). Returns how
     * many key ids were marked spent.
     */
    int restoreClaims(Storage storage) {
        if (!keys.singleUse()) {
            return 0;
        }
        int restored = 0;
        for (Account account : storage.accountsWithExternalBinding()) {
            Optional<String> kid = kidOf(account.externalAccountBinding());
            if (kid.isPresent() && keys.claim(kid.get(), account.id())) {
                restored++;
            }
        }
        return restored;
    }

    /** The {@code kid} in the protected header of a stored binding; empty if it has none or is unreadable. */
    static Optional<String> kidOf(String storedBinding) {
        if (storedBinding == null) {
            return Optional.empty();
        }
        try {
            String protectedB64 = JSON.readTree(storedBinding).path("protected").asText("");
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(protectedB64));
            JsonNode kid = header == null ? null : header.get("kid");
            return kid != null && kid.isTextual() ? Optional.of(kid.asText()) : Optional.empty();
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] input) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }
}
