package dev.cairn.challtestsrv;

import dev.cairn.challtestsrv.ManagementJson.BadRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API of {@code cairn challtestsrv}: the endpoints, JSON members, methods and
 * status codes of {@code pebble-challtestsrv}'s, so that scripts written for that one work.
 *
 * <p>As there: every endpoint takes a JSON body with any method; success is 200 with an empty
 * body; a body that is empty or not JSON is 400 with a text message; a required member that is
 * missing or empty is 400 with an empty body; the endpoints of a disabled responder are 404, as
 * are unknown paths. The history endpoints answer a JSON array indented by three spaces.
 */
final class ManagementApi extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);

    /** What an endpoint answers: 200 empty, 400 empty, 400 with a text message, or JSON. */
    private record Reply(int status, String contentType, String body) {
        static final Reply OK = new Reply(200, null, "");
        static final Reply BAD = new Reply(400, null, "");

        static Reply json(Object value) {
            return new Reply(200, "application/json; charset=utf-8", ManagementJson.write(value));
        }

        static Reply text(int status, String message) {
            return new Reply(status, "text/plain; charset=utf-8", message + "\n");
        }
    }

    @FunctionalInterface
    private interface Endpoint {
        Reply handle(ManagementJson body);
    }

    private final Map<String, Endpoint> endpoints = new HashMap<>();

    ManagementApi(MockDnsServer dns, Http01Responder http01, TlsAlpn01Responder tlsAlpn01) {
        if (http01 != null) {
            http01(http01);
        }
        if (dns != null) {
            dns(dns);
        }
        if (tlsAlpn01 != null) {
            endpoints.put("/add-tlsalpn01", b -> require(b, "host", "content", tlsAlpn01::addTlsAlpn01));
            endpoints.put("/del-tlsalpn01", b -> require(b, "host", tlsAlpn01::deleteTlsAlpn01));
        }
        history(dns, http01, tlsAlpn01);
    }

    private void http01(Http01Responder http01) {
        endpoints.put("/add-http01", b -> require(b, "token", "content", http01::addHttp01));
        endpoints.put("/del-http01", b -> require(b, "token", http01::deleteHttp01));
        endpoints.put("/add-redirect", b -> require(b, "path", "targetURL", http01::addRedirect));
        endpoints.put("/del-redirect", b -> require(b, "path", http01::deleteRedirect));
    }

    private void dns(MockDnsServer dns) {
        endpoints.put("/set-default-ipv4", b -> {
            dns.setDefaultIpv4(b.string("ip"));
            return Reply.OK;
        });
        endpoints.put("/set-default-ipv6", b -> {
            dns.setDefaultIpv6(b.string("ip"));
            return Reply.OK;
        });
        // Pebble's /set-txt adds a value next to the others (named for DNS-01, where a wildcard
        // and its base name share one TXT name); /clear-txt removes them all.
        endpoints.put("/set-txt", b -> require(b, "host", "value", (h, v) -> dns.addTxt(h, v)));
        endpoints.put("/clear-txt", b -> require(b, "host", dns::clearTxt));
        endpoints.put("/add-a", b -> addresses(b, (h, ips) -> dns.addA(h, ips)));
        endpoints.put("/clear-a", b -> require(b, "host", dns::clearA));
        endpoints.put("/add-aaaa", b -> addresses(b, (h, ips) -> dns.addAaaa(h, ips)));
        endpoints.put("/clear-aaaa", b -> require(b, "host", dns::clearAaaa));
        endpoints.put("/add-caa", b -> addCaa(dns, b));
        endpoints.put("/clear-caa", b -> require(b, "host", dns::clearCaa));
        endpoints.put("/set-cname", b -> require(b, "host", "target", dns::setCname));
        endpoints.put("/clear-cname", b -> require(b, "host", dns::clearCname));
        endpoints.put("/set-servfail", b -> require(b, "host", dns::setServfail));
        endpoints.put("/clear-servfail", b -> require(b, "host", dns::clearServfail));
    }

    private void history(MockDnsServer dns, Http01Responder http01, TlsAlpn01Responder tlsAlpn01) {
        endpoints.put(
                "/http-request-history",
                b -> Reply.json(
                        http01 == null
                                ? List.of()
                                : http01.requests(historyHost(b)).stream()
                                        .map(ManagementApi::httpEvent)
                                        .toList()));
        endpoints.put(
                "/dns-request-history",
                b -> Reply.json(
                        dns == null
                                ? List.of()
                                : dns.queries(historyHost(b)).stream()
                                        .map(ManagementApi::dnsEvent)
                                        .toList()));
        endpoints.put(
                "/tlsalpn01-request-history",
                b -> Reply.json(
                        tlsAlpn01 == null
                                ? List.of()
                                : tlsAlpn01.requests(historyHost(b)).stream()
                                        .map(ManagementApi::tlsEvent)
                                        .toList()));
        endpoints.put("/clear-request-history", b -> {
            String host = b.string("host");
            String type = b.string("type");
            if (host.isEmpty()) {
                return Reply.text(400, "host parameter must not be empty");
            }
            switch (type) {
                case "http" -> {
                    if (http01 != null) {
                        http01.clearRequests(host);
                    }
                }
                case "dns" -> {
                    if (dns != null) {
                        dns.clearQueries(host);
                    }
                }
                case "tlsalpn" -> {
                    if (tlsAlpn01 != null) {
                        tlsAlpn01.clearRequests(host);
                    }
                }
                default -> {
                    return Reply.text(400, "\"" + type + "\" event type unknown");
                }
            }
            return Reply.OK;
        });
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        Endpoint endpoint = endpoints.get(path);
        Reply reply;
        if (endpoint == null) {
            reply = Reply.text(404, "404 page not found");
        } else {
            try {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                reply = endpoint.handle(ManagementJson.parse(body));
                LOG.info("{} {}", path, reply.status());
            } catch (BadRequest | IllegalArgumentException e) {
                reply = Reply.text(400, e.getMessage());
                LOG.info("{} 400: {}", path, e.getMessage());
            } catch (RuntimeException e) {
                reply = Reply.text(500, "internal error: " + e);
                LOG.error("{} failed", path, e);
            }
        }
        PlainHttp.send(response, callback, reply.status(), reply.contentType(), reply.body());
        return true;
    }

    // ---- request shapes ----------------------------------------------------------------

    private static Reply require(ManagementJson b, String name, java.util.function.Consumer<String> action) {
        String value = b.string(name);
        if (value.isEmpty()) {
            return Reply.BAD;
        }
        action.accept(value);
        return Reply.OK;
    }

    private static Reply require(
            ManagementJson b, String first, String second, java.util.function.BiConsumer<String, String> action) {
        String one = b.string(first);
        String two = b.string(second);
        if (one.isEmpty() || two.isEmpty()) {
            return Reply.BAD;
        }
        action.accept(one, two);
        return Reply.OK;
    }

    private static Reply addresses(ManagementJson b, java.util.function.BiConsumer<String, String[]> action) {
        String host = b.string("host");
        List<String> addresses = b.strings("addresses");
        if (host.isEmpty() || addresses.isEmpty()) {
            return Reply.BAD;
        }
        action.accept(host, addresses.toArray(String[]::new));
        return Reply.OK;
    }

    /** {@code policies} members are {@code tag} and {@code value}; {@code flags} (0-255) is Cairn's addition. */
    private static Reply addCaa(MockDnsServer dns, ManagementJson b) {
        String host = b.string("host");
        List<ManagementJson> policies = b.objects("policies");
        if (host.isEmpty() || policies.isEmpty()) {
            return Reply.BAD;
        }
        List<MockDnsServer.Caa> records = new ArrayList<>();
        for (ManagementJson p : policies) {
            records.add(new MockDnsServer.Caa(p.integer("flags", 0), p.string("tag"), p.string("value")));
        }
        records.forEach(c -> dns.addCaa(host, c.flags(), c.tag(), c.value()));
        return Reply.OK;
    }

    private static String historyHost(ManagementJson b) {
        String host = b.string("host");
        if (host.isEmpty()) {
            throw new BadRequest("host parameter of POST body must not be empty");
        }
        return host;
    }

    // ---- history events, with Pebble's member names (Cairn adds Method and Headers) -----

    private static Map<String, Object> httpEvent(Http01Responder.HttpRequest r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("URL", r.url());
        e.put("Host", r.host());
        e.put("HTTPS", r.https());
        e.put("ServerName", r.serverName());
        e.put("Method", r.method());
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : r.headers()) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) headers.computeIfAbsent(h.getKey(), k -> new ArrayList<String>());
            values.add(h.getValue());
        }
        e.put("Headers", headers);
        return e;
    }

    private static Map<String, Object> dnsEvent(MockDnsServer.Query q) {
        Map<String, Object> question = new LinkedHashMap<>();
        question.put("Name", q.asked());
        question.put("Qtype", q.qtype());
        question.put("Qclass", q.qclass());
        return Map.of("Question", question);
    }

    private static Map<String, Object> tlsEvent(TlsAlpn01Responder.TlsAlpnRequest r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ServerName", r.serverName());
        e.put("SupportedProtos", r.supportedProtos());
        return e;
    }
}
