package dev.cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import dev.cairn.testing.Http01Responder;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The happy path of RFC 8555 §7 with {@link RawAcme}, for tests that need an order in a given
 * state: accounts, http-01 answered by a real responder, finalize, and bounded polling.
 */
final class AcmeFlow {
    static final Duration WAIT = Duration.ofSeconds(20);

    record Acct(KeyPair key, String kid) {}

    record Created(String url, JsonNode order) {}

    final RawAcme acme;
    private final Http01Responder http01;

    AcmeFlow(RawAcme acme, Http01Responder http01) {
        this.acme = acme;
        this.http01 = http01;
    }

    Acct account() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        return new Acct(key, acme.newAccount(key));
    }

    HttpResponse<String> post(String url, Acct a, String payload) throws Exception {
        return acme.post(url, a.key(), a.kid(), payload);
    }

    JsonNode fetch(String url, Acct a) throws Exception {
        HttpResponse<String> r = post(url, a, "");
        if (r.statusCode() != 200) {
            throw new AssertionError("POST-as-GET " + url + " failed: " + r.statusCode() + " " + r.body());
        }
        return RawAcme.json(r);
    }

    static String identifiers(String... names) {
        StringBuilder sb = new StringBuilder("{\"identifiers\":[");
        for (int i = 0; i < names.length; i++) {
            String type = names[i].matches("[0-9.]+|.*:.*") ? "ip" : "dns";
            sb.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"")
                    .append(type)
                    .append("\",\"value\":\"")
                    .append(names[i])
                    .append("\"}");
        }
        return sb.append("]}").toString();
    }

    Created newOrder(Acct a, String... names) throws Exception {
        HttpResponse<String> r = post(acme.url("newOrder"), a, identifiers(names));
        if (r.statusCode() != 201) {
            throw new AssertionError("newOrder failed: " + r.statusCode() + " " + r.body());
        }
        return new Created(r.headers().firstValue("Location").orElseThrow(), RawAcme.json(r));
    }

    /** The http-01 challenge of an authorization: its URL, with the responder primed to answer it. */
    String primeHttp01(Acct a, String authzUrl) throws Exception {
        for (JsonNode c : fetch(authzUrl, a).get("challenges")) {
            if ("http-01".equals(c.get("type").asText())) {
                String token = c.get("token").asText();
                http01.put(token, token + "." + thumbprint(a.key()));
                return c.get("url").asText();
            }
        }
        throw new AssertionError("no http-01 challenge in " + authzUrl);
    }

    /** A new order with every authorization validated over http-01; returns it once ready. */
    Created readyOrder(Acct a, String... names) throws Exception {
        Created created = newOrder(a, names);
        for (JsonNode authz : created.order().get("authorizations")) {
            String authzUrl = authz.asText();
            if ("valid".equals(fetch(authzUrl, a).get("status").asText())) {
                continue;
            }
            HttpResponse<String> r = post(primeHttp01(a, authzUrl), a, "{}");
            if (r.statusCode() != 200) {
                throw new AssertionError("challenge response failed: " + r.statusCode() + " " + r.body());
            }
            awaitStatus(authzUrl, a, "valid");
        }
        return new Created(created.url(), awaitStatus(created.url(), a, "ready"));
    }

    /** Polls a resource by POST-as-GET until it reaches {@code status}; fails on invalid or after {@link #WAIT}. */
    JsonNode awaitStatus(String url, Acct a, String status) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            JsonNode resource = fetch(url, a);
            String now = resource.get("status").asText();
            if (status.equals(now)) {
                return resource;
            }
            if ("invalid".equals(now) || Instant.now().isAfter(deadline)) {
                throw new AssertionError(url + " is " + now + ", not " + status + ": " + resource);
            }
            Thread.sleep(50);
        }
    }

    /** Orders, validates and finalizes; returns the valid order (with its certificate URL). */
    JsonNode issue(Acct a, KeyPair certKey, String... names) throws Exception {
        Created ready = readyOrder(a, names);
        HttpResponse<String> r = post(
                ready.order().get("finalize").asText(), a, "{\"csr\":\"" + RawAcme.b64(csr(certKey, names)) + "\"}");
        if (r.statusCode() != 200) {
            throw new AssertionError("finalize failed: " + r.statusCode() + " " + r.body());
        }
        return awaitStatus(ready.url(), a, "valid");
    }

    static String thumbprint(KeyPair key) throws Exception {
        return JWK.parse(RawAcme.jwk(key).toString()).computeThumbprint().toString();
    }

    /** A PKCS#10 request for {@code names} as SAN dNSNames, signed by {@code key} with the JDK's signer. */
    static byte[] csr(KeyPair key, String... names) throws Exception {
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names) {
            sans.add(new GeneralName(GeneralName.dNSName, name));
        }
        var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + names[0]), key.getPublic());
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(
                Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        String alg = "RSA".equals(key.getPublic().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        return builder.build(new JcaContentSignerBuilder(alg).build(key.getPrivate()))
                .getEncoded();
    }
}
