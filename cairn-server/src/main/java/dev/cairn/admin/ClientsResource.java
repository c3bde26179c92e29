package dev.cairn.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.conformance.ClientConformance;
import dev.cairn.conformance.ClientRef;
import dev.cairn.conformance.ConformanceReport;
import dev.cairn.conformance.Rule;
import dev.cairn.conformance.Violation;
import dev.cairn.protocol.ProblemType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The client conformance report on the management API: {@code GET /clients} lists every
 * client with a violation (or a badNonce retry still owed) and its counts; {@code GET
 * /clients/{account}/report} is one account's report, where {@code {account}} is the account id,
 * the account URL percent-encoded, or {@code anonymous}; {@code DELETE} on either clears
 * (between test runs). An account that does not exist is a 404 problem document.
 */
final class ClientsResource {
    private static final String PREFIX = "/clients/";
    private static final String SUFFIX = "/report";

    private final ClientConformance conformance;
    private final ObjectMapper mapper;

    ClientsResource(ClientConformance conformance, ObjectMapper mapper) {
        this.conformance = conformance;
        this.mapper = mapper;
    }

    static boolean serves(String path) {
        return path.equals("/clients") || (path.startsWith(PREFIX) && path.endsWith(SUFFIX));
    }

    /** {@code rawPath} is the path as sent, still percent-encoded. */
    EabKeysResource.Reply handle(String method, String rawPath) {
        if (rawPath.equals("/clients")) {
            return switch (method) {
                case "GET", "HEAD" -> json(200, list());
                case "DELETE" -> {
                    conformance.clearAll();
                    yield new EabKeysResource.Reply(204, "text/plain", "");
                }
                default -> EabKeysResource.Reply.text(405, "use GET to list clients or DELETE to clear every report");
            };
        }
        String account = URLDecoder.decode(
                rawPath.substring(PREFIX.length(), rawPath.length() - SUFFIX.length()), StandardCharsets.UTF_8);
        Optional<ClientRef> client = conformance.client(account);
        if (client.isEmpty()) {
            return noSuchAccount(account);
        }
        return switch (method) {
            case "GET", "HEAD" -> json(200, report(conformance.report(client.get())));
            case "DELETE" -> {
                conformance.clear(client.get());
                yield new EabKeysResource.Reply(204, "text/plain", "");
            }
            default -> EabKeysResource.Reply.text(405, "use GET to read the report or DELETE to clear it");
        };
    }

    private ObjectNode list() {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode clients = body.putArray("clients");
        for (ConformanceReport r : conformance.reports()) {
            ObjectNode c = clients.addObject();
            client(c, r.client());
            c.put("clean", r.clean());
            c.put("total", r.total());
            counts(c.putObject("counts"), r.counts());
            c.put("awaitingRetry", r.awaitingRetry().size());
        }
        return body;
    }

    private ObjectNode report(ConformanceReport r) {
        ObjectNode body = mapper.createObjectNode();
        client(body, r.client());
        body.put("clean", r.clean());
        body.put("total", r.total());
        body.put("dropped", r.dropped());
        counts(body.putObject("counts"), r.counts());
        ArrayNode violations = body.putArray("violations");
        for (Violation v : r.violations()) {
            ObjectNode node = violations.addObject();
            node.put("rule", v.rule().id());
            node.put("section", v.section());
            node.put("detail", v.detail());
            node.put("method", v.method());
            node.put("path", v.path());
            node.put("time", time(v.time()));
            if (v.clientAddress() != null) {
                node.put("clientAddress", v.clientAddress());
            }
        }
        ArrayNode awaiting = body.putArray("awaitingRetry");
        for (ConformanceReport.AwaitedRetry a : r.awaitingRetry()) {
            awaiting.addObject().put("method", a.method()).put("url", a.url()).put("since", time(a.since()));
        }
        return body;
    }

    private static void client(ObjectNode node, ClientRef client) {
        if (client.isAnonymous()) {
            node.putNull("account");
        } else {
            node.put("account", client.accountUrl());
        }
        node.put("accountId", client.id());
    }

    private static void counts(ObjectNode node, Map<Rule, Long> counts) {
        counts.forEach((rule, n) -> node.put(rule.id(), n));
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private EabKeysResource.Reply noSuchAccount(String account) {
        ObjectNode problem = mapper.createObjectNode();
        problem.put("type", ProblemType.ACCOUNT_DOES_NOT_EXIST.urn());
        problem.put(
                "detail",
                "No account \"" + account + "\" exists; name it by its id, its URL (percent-encoded)"
                        + " or \"anonymous\"");
        problem.put("status", 404);
        return new EabKeysResource.Reply(404, "application/problem+json", problem.toString());
    }

    private EabKeysResource.Reply json(int status, ObjectNode body) {
        return new EabKeysResource.Reply(status, "application/json", body.toString());
    }
}
