package dev.cairn.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.variation.Rolls;
import dev.cairn.variation.Variation;
import dev.cairn.variation.Variations.ExtraMember;
import dev.cairn.variation.Variations.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies legal-variation mode to responses (README "Legal-variation mode"): the HTTP and
 * JSON side of the decisions {@link Rolls} makes. With nothing active every method leaves
 * Cairn's usual behaviour untouched.
 *
 * <p>JSON: every object of a body is copied with its members in the chosen order and, with
 * {@code extra-members}, unknown members added. Clients must ignore members they do not know:
 * RFC 7807 §3.2 says so for problems, and ACME's objects grow by registration (RFC 8555 §9.7;
 * ARI and profiles added members since). Two members hold values Cairn must not add to and are copied verbatim:
 * {@code meta.profiles}, whose member names are the profiles offered, and the echoed {@code
 * externalAccountBinding} (RFC 8555 §7.3.4).
 */
final class LegalVariations {
    /** How long a synchronous challenge or finalize response waits before it answers processing after all. */
    static final Duration SYNCHRONOUS_WAIT = Duration.ofSeconds(10);

    private static final Set<String> VERBATIM = Set.of("profiles", "externalAccountBinding");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    /** How long a challenge or finalize response waits for the work it started. */
    enum Wait {
        /** Cairn's usual short wait. */
        CONFIGURED,
        /** Until the work is done (bounded by {@link #SYNCHRONOUS_WAIT}). */
        SYNCHRONOUS,
        /** Not at all: the response says processing, even if the work happened to finish. */
        ASYNCHRONOUS;

        /** The wait of {@link #SYNCHRONOUS} and {@link #ASYNCHRONOUS}; {@link #CONFIGURED} is the authority's own. */
        Duration duration() {
            return this == SYNCHRONOUS ? SYNCHRONOUS_WAIT : Duration.ZERO;
        }
    }

    private final Rolls rolls;
    private final Clock clock;
    private final ObjectMapper mapper;

    LegalVariations(Rolls rolls, Clock clock, ObjectMapper mapper) {
        this.rolls = rolls;
        this.clock = clock;
        this.mapper = mapper;
    }

    static LegalVariations none(ObjectMapper mapper) {
        return new LegalVariations(Rolls.none(), Clock.systemUTC(), mapper);
    }

    /** Whether JSON bodies are reshaped at all. */
    boolean shapesJson() {
        return rolls.has(Variation.MEMBER_ORDER) || rolls.has(Variation.EXTRA_MEMBERS);
    }

    /** Whether the same body can come out differently per response (so it must not be cached). */
    boolean shapesEachResponse() {
        return shapesJson() && rolls.variations().perResponse();
    }

    /** {@code node} with the chosen member order and extra members; {@code node} itself when JSON is not varied. */
    JsonNode shape(JsonNode node) {
        return shapesJson() ? copy(node) : node;
    }

    private JsonNode copy(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = mapper.createArrayNode();
            node.forEach(item -> out.add(copy(item)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode value = e.getValue();
            members.put(e.getKey(), VERBATIM.contains(e.getKey()) ? value.deepCopy() : copy(value));
        }
        if (rolls.has(Variation.EXTRA_MEMBERS)) {
            for (ExtraMember m : rolls.extraMembers(members.keySet())) {
                members.put(m.name(), parse(m.json()));
            }
        }
        List<String> order = new ArrayList<>(members.keySet());
        if (rolls.has(Variation.MEMBER_ORDER)) {
            order = rolls.memberOrder(order);
        }
        ObjectNode out = mapper.createObjectNode();
        order.forEach(name -> out.set(name, members.get(name)));
        return out;
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an extra member's value is not JSON: " + json, e);
        }
    }

    /**
     * Retry-After on a processing answer (RFC 8555 §7.4, §7.5.1: MAY): {@code configured}
     * seconds, or with {@code retry-after} varied absent, delay-seconds or an HTTP-date (RFC
     * 9110 §10.2.3, IMF-fixdate) at least that many seconds ahead.
     */
    void retryAfter(Exchange ex, Duration configured) {
        if (!rolls.has(Variation.RETRY_AFTER)) {
            ex.setHeader("Retry-After", Long.toString(Math.max(1, configured.toSeconds())));
            return;
        }
        RetryAfter r = rolls.retryAfter();
        switch (r.form()) {
            case ABSENT -> {}
            case SECONDS -> ex.setHeader("Retry-After", Integer.toString(r.seconds()));
            case HTTP_DATE -> {
                Instant at = Instant.ofEpochSecond(clock.instant().getEpochSecond() + r.seconds() + 1);
                ex.setHeader("Retry-After", HTTP_DATE.format(at));
            }
        }
    }

    Wait validation() {
        if (!rolls.has(Variation.SYNC)) {
            return Wait.CONFIGURED;
        }
        return rolls.synchronousValidation() ? Wait.SYNCHRONOUS : Wait.ASYNCHRONOUS;
    }

    Wait finalization() {
        if (!rolls.has(Variation.SYNC)) {
            return Wait.CONFIGURED;
        }
        return rolls.synchronousFinalization() ? Wait.SYNCHRONOUS : Wait.ASYNCHRONOUS;
    }

    /** The alternate chains to link to (RFC 8555 §7.4.2), in order: all of {@code others} unless chains vary. */
    List<Integer> alternates(List<Integer> others) {
        return rolls.has(Variation.CHAINS) ? rolls.alternates(others) : others;
    }
}
