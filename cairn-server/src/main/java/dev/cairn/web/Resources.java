package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.Account;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.AuthorizationView;
import dev.cairn.authority.Challenge;
import dev.cairn.authority.OrderView;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.Problem;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The JSON wire form of each ACME resource (RFC 8555 §7.1.2–§7.1.4, §8). */
final class Resources {
    private final Urls urls;
    private final ObjectMapper mapper;

    Resources(Urls urls, ObjectMapper mapper) {
        this.urls = urls;
        this.mapper = mapper;
    }

    ObjectNode account(Account account) {
        ObjectNode node = mapper.createObjectNode();
        node.put("status", account.status().wire());
        ArrayNode contact = node.putArray("contact");
        account.contact().forEach(contact::add);
        node.put("termsOfServiceAgreed", account.termsOfServiceAgreed());
        node.put("orders", urls.orders(account.id()));
        node.put("createdAt", time(account.createdAt()));
        if (account.externalAccountBinding() != null) {
            node.set("externalAccountBinding", storedJson(account.externalAccountBinding()));
        }
        return node;
    }

    ObjectNode order(OrderView view) {
        ObjectNode node = mapper.createObjectNode();
        node.put("status", view.status().wire());
        node.put("expires", time(view.order().expires()));
        ArrayNode ids = node.putArray("identifiers");
        view.order().identifiers().forEach(id -> identifier(ids.addObject(), id));
        if (view.order().notBefore() != null) {
            node.put("notBefore", time(view.order().notBefore()));
        }
        if (view.order().notAfter() != null) {
            node.put("notAfter", time(view.order().notAfter()));
        }
        if (view.error() != null) {
            node.set("error", problem(view.error()));
        }
        if (view.order().profile() != null) {
            node.put("profile", view.order().profile());
        }
        if (view.order().replaces() != null) {
            node.put("replaces", view.order().replaces());
        }
        ArrayNode authzs = node.putArray("authorizations");
        view.order().authorizationIds().forEach(id -> authzs.add(urls.authorization(id)));
        node.put("finalize", urls.finalizeOrder(view.order().id()));
        if (view.order().certificateSerial() != null) {
            node.put("certificate", urls.certificate(view.order().certificateSerial()));
        }
        return node;
    }

    ObjectNode authorization(AuthorizationView view) {
        Authorization authz = view.authorization();
        ObjectNode node = mapper.createObjectNode();
        identifier(node.putObject("identifier"), authz.identifier());
        node.put("status", view.status().wire());
        node.put("expires", time(authz.expires()));
        ArrayNode challenges = node.putArray("challenges");
        authz.challenges().forEach(c -> challenges.add(challenge(authz, c)));
        if (authz.wildcard()) {
            node.put("wildcard", true);
        }
        return node;
    }

    ObjectNode challenge(Authorization authz, Challenge challenge) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", challenge.type().wire());
        node.put("url", urls.challenge(authz.id(), challenge.id()));
        node.put("status", challenge.status().wire());
        node.put("token", challenge.token());
        if (challenge.validated() != null) {
            node.put("validated", time(challenge.validated()));
        }
        if (challenge.error() != null) {
            node.set("error", problem(challenge.error()));
        }
        return node;
    }

    ObjectNode problem(Problem problem) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", problem.type().urn());
        node.put("detail", problem.detail());
        if (problem.identifier() != null) {
            identifier(node.putObject("identifier"), problem.identifier());
        }
        if (!problem.subproblems().isEmpty()) {
            ArrayNode subs = node.putArray("subproblems");
            problem.subproblems().forEach(s -> subs.add(problem(s)));
        }
        return node;
    }

    static void identifier(ObjectNode node, Identifier identifier) {
        node.put("type", identifier.type());
        node.put("value", identifier.value());
    }

    /** RFC 3339 in UTC, whole seconds. */
    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** RFC 8555 §7.3.4: the verified binding, echoed as it was sent (only verified bindings are stored). */
    private JsonNode storedJson(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored externalAccountBinding is not JSON", e);
        }
    }
}
