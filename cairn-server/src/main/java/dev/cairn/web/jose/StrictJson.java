package dev.cairn.web.jose;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON reader for everything a client signs: exactly one JSON value, UTF-8 only
 * (RFC 8555 §5), no duplicate member names (RFC 7515 §5.2 lets a JWS reader refuse them, and
 * two readers of one payload must never see different values), nothing after the value.
 */
public final class StrictJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {}

    /** Parses UTF-8 JSON; throws {@link IOException} with a message fit for a problem detail. */
    public static JsonNode read(byte[] utf8) throws IOException {
        if (isPlainAscii(utf8)) { // nearly every request: Jackson reads the bytes as UTF-8 directly
            return JSON.readTree(utf8);
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
            return JSON.readTree(text);
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 (RFC 8555 §5 requires UTF-8)", e);
        }
    }

    /**
     * ASCII without NUL. NULs are left to the strict path because Jackson guesses UTF-16 or
     * UTF-32 from zero bytes in a byte array, and only UTF-8 may be accepted.
     */
    private static boolean isPlainAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }
}
