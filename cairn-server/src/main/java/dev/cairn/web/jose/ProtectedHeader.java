package dev.cairn.web.jose;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The members of a JWS protected header that ACME uses (RFC 8555 §6.2). {@code nonce},
 * {@code kid} and {@code jwk} may be null; exactly one of {@code kid}/{@code jwk} is set once
 * {@link JwsParser} has accepted the header. {@code raw} is the whole decoded header, for the
 * checks of keyChange and external account binding.
 */
public record ProtectedHeader(String alg, String nonce, String url, String kid, JsonNode jwk, JsonNode raw) {}
