package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.LoopbackCa;
import dev.cairn.variation.Variations;
import dev.cairn.variation.Variations.ExtraMember;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --vary member-order} and {@code --vary extra-members}: JSON objects are unordered
 * (RFC 8259 §4) and clients must ignore members they do not know, so both are legal; a
 * client that relies on either fails against Cairn, and one that does not still gets its
 * certificate.
 */
class JsonVariationTest {
    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<String> directoryOrder(LoopbackCa ca) throws Exception {
        JsonNode dir = new RawAcme(ca.server()).directory;
        List<String> out = keys(dir);
        out.addAll(keys(dir.get("meta")));
        return out;
    }

    @Test
    void memberOrderDiffersBetweenSeedsAndRepeatsForTheSameSeed() throws Exception {
        List<String> first;
        List<String> again;
        List<String> other;
        List<String> usual;
        try (LoopbackCa ca = Varied.start("member-order", "run", 1)) {
            first = directoryOrder(ca);
        }
        try (LoopbackCa ca = Varied.start("member-order", "run", 1)) {
            again = directoryOrder(ca);
        }
        try (LoopbackCa ca = Varied.start("member-order", "run", 2)) {
            other = directoryOrder(ca);
        }
        try (LoopbackCa ca = LoopbackCa.start()) {
            usual = directoryOrder(ca);
        }
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first).containsExactlyInAnyOrderElementsOf(first);
        assertThat(first).isNotEqualTo(usual).containsExactlyInAnyOrderElementsOf(usual);
    }

    @Test
    void perResponseEveryAnswerHasItsOwnMemberOrder() throws Exception {
        try (LoopbackCa ca = Varied.start("member-order", "request", 1)) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            Set<List<String>> orders = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                orders.add(keys(flow.fetch(a.kid(), a)));
            }
            assertThat(orders).hasSizeGreaterThan(1);
        }
    }

    @Test
    void everyObjectCarriesTheRunsUnknownMembersAndAClientStillGetsItsCertificate() throws Exception {
        long seed = 3;
        Variations v = Varied.variations("extra-members,member-order", "run", seed);
        Set<String> extra = new HashSet<>();
        v.extraMembers().stream().map(ExtraMember::name).forEach(extra::add);
        try (LoopbackCa ca =
                Varied.start("extra-members,member-order", "run", seed, k -> k.blockDomain("blocked.test"), b -> b)) {
            RawAcme acme = new RawAcme(ca.server());
            AcmeFlow flow = new AcmeFlow(acme, ca.http01());
            AcmeFlow.Acct a = flow.account();
            JsonNode order = flow.issue(a, RawAcme.ecKey("secp256r1"), "extra.test");
            JsonNode authz = flow.fetch(order.get("authorizations").get(0).asText(), a);
            HttpResponse<String> problem =
                    flow.post(acme.url("newOrder"), a, AcmeFlow.identifiers("x.blocked.test", "y.blocked.test"));
            assertThat(problem.statusCode()).isEqualTo(400);

            Map<String, JsonNode> bodies = Map.of(
                    "directory", acme.directory,
                    "account", flow.fetch(a.kid(), a),
                    "orders list",
                            flow.fetch(flow.fetch(a.kid(), a).get("orders").asText(), a),
                    "order", order,
                    "authorization", authz,
                    "challenge",
                            flow.fetch(authz.get("challenges").get(0).get("url").asText(), a),
                    "problem with subproblems", RawAcme.json(problem));
            bodies.forEach((what, body) -> everyObjectHas(what, body, extra));
            assertThat(keys(acme.directory.get("meta").get("profiles")))
                    .as("meta.profiles names profiles: nothing is added to it")
                    .containsExactlyInAnyOrder("classic", "tlsserver", "shortlived");
            assertThat(RawAcme.json(problem).get("subproblems")).hasSize(2);
        }
    }

    /** Every object in {@code node} (meta.profiles aside) has all of {@code extra}. */
    static void everyObjectHas(String where, JsonNode node, Set<String> extra) {
        if (node.isArray()) {
            node.forEach(item -> everyObjectHas(where + "[]", item, extra));
        } else if (node.isObject() && !extra.contains(where.substring(where.lastIndexOf('.') + 1))) {
            assertThat(keys(node)).as(where).containsAll(extra);
            node.properties().forEach(e -> {
                if (!e.getKey().equals("profiles")) {
                    everyObjectHas(where + "." + e.getKey(), e.getValue(), extra);
                }
            });
        }
    }

    @Test
    void perResponseTheUnknownMembersChange() throws Exception {
        try (LoopbackCa ca = Varied.start("extra-members", "request", 1)) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            Set<String> usual = Set.of("status", "contact", "termsOfServiceAgreed", "orders", "createdAt");
            Set<Set<String>> unknown = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                Set<String> names = new HashSet<>(keys(flow.fetch(a.kid(), a)));
                assertThat(names).containsAll(usual);
                names.removeAll(usual);
                assertThat(names).isNotEmpty();
                unknown.add(names);
            }
            assertThat(unknown).hasSize(5);
        }
    }
}
