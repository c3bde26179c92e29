package dev.cairn.challtestsrv;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Real clients for the tests: the management API over HTTP, DNS queries with dnsjava, a TLS handshake. */
final class Probes {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Probes() {}

    record Reply(int status, String body, String contentType, String location) {}

    /** POSTs {@code json} ("" for no body) to the management API at {@code base}. */
    static Reply post(URI base, String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Reply get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET().header("X-Probe", "yes"));
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    r.statusCode(),
                    r.body(),
                    r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A DNS answer reduced to what both servers must agree on: rcode and the answer records' text. */
    record Answer(String rcode, List<String> records) {}

    static Answer dig(int port, String name, int type) {
        try {
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(port);
            resolver.setTimeout(Duration.ofSeconds(3));
            Message m = resolver.send(
                    Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
            List<String> records = new ArrayList<>();
            for (Record r : m.getSection(Section.ANSWER)) {
                records.add(r.getName().toString().toLowerCase(java.util.Locale.ROOT) + " " + Type.string(r.getType())
                        + " " + r.rdataToString());
            }
            return new Answer(Rcode.string(m.getRcode()), records);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result of a tls-alpn-01 handshake: the negotiated protocol and certificate, or the failure. */
    record Handshake(String protocol, X509Certificate certificate, Exception failure) {}

    static Handshake tls(int port, String sni, String... alpn) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustEverything()}, null);
            try (SSLSocket s =
                    (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(5_000);
                SSLParameters p = s.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(sni)));
                p.setApplicationProtocols(alpn);
                s.setSSLParameters(p);
                try {
                    s.startHandshake();
                } catch (IOException e) {
                    return new Handshake(null, null, e);
                }
                return new Handshake(
                        s.getApplicationProtocol(),
                        (X509Certificate) s.getSession().getPeerCertificates()[0],
                        null);
            }
        } catch (IOException | NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP/1.1 exchange over TLS: what a client saw, and the server's certificate. */
    record HttpsReply(int status, String body, String location, String protocol, X509Certificate certificate) {}

    /**
     * GET {@code path} over TLS from 127.0.0.1:{@code port}, sending {@code sni} (null: none) and
     * {@code Host: host}, offering ALPN {@code http/1.1} only; trusts any certificate, as an
     * http-01 validator does.
     */
    static HttpsReply httpsGet(int port, String sni, String host, String path) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustEverything()}, null);
            try (SSLSocket s =
                    (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(5_000);
                SSLParameters p = s.getSSLParameters();
                p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
                p.setApplicationProtocols(new String[] {"http/1.1"});
                s.setSSLParameters(p);
                s.startHandshake();
                s.getOutputStream()
                        .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String response =
                        new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                int headEnd = response.indexOf("\r\n\r\n");
                String[] head = response.substring(0, headEnd).split("\r\n");
                String location = null;
                for (String line : head) {
                    if (line.regionMatches(true, 0, "Location:", 0, 9)) {
                        location = line.substring(9).trim();
                    }
                }
                return new HttpsReply(
                        Integer.parseInt(head[0].split(" ")[1]),
                        response.substring(headEnd + 4),
                        location,
                        s.getApplicationProtocol(),
                        (X509Certificate) s.getSession().getPeerCertificates()[0]);
            }
        } catch (IOException | NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The validator checks the certificate itself (RFC 8737 §3), not its chain. Extended, so that
     * the JDK does not add a host name check of its own (an https-01 certificate names no host).
     */
    static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
