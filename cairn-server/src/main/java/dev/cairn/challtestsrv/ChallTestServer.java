package dev.cairn.challtestsrv;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.jetty.server.Server;

/**
 * {@code cairn challtestsrv}: the mock DNS server, the http-01 responder (on HTTP and, for
 * redirects to https, on HTTPS), the tls-alpn-01 responder and a
 * plain-HTTP management API compatible with {@code pebble-challtestsrv}'s, in one object that
 * tests can start in-process ({@link #start(Config)}) and scripts can drive over HTTP.
 *
 * <p>Each part is optional (a null bind address leaves it off); port 0 picks a free port, and the
 * getters say which. The parts are also reachable directly ({@link #dns()}, {@link #http01()},
 * {@link #tlsAlpn01()}) for tests that would rather call Java than POST JSON.
 */
public final class ChallTestServer implements AutoCloseable {

    /**
     * Where each part listens (null: off), and the default A and AAAA answers ("" for none).
     * {@code https01} is the HTTPS listener of the http-01 responder ({@code -https01}), serving
     * the same tokens as {@code http01}. {@link #loopback()} puts everything on 127.0.0.1 with
     * free ports.
     */
    public record Config(
            InetSocketAddress dns,
            InetSocketAddress http01,
            InetSocketAddress tlsAlpn01,
            InetSocketAddress management,
            String defaultIpv4,
            String defaultIpv6,
            InetSocketAddress https01) {
        public Config {
            defaultIpv4 = defaultIpv4 == null ? "" : defaultIpv4;
            defaultIpv6 = defaultIpv6 == null ? "" : defaultIpv6;
        }

        /** Without the HTTPS http-01 listener. */
        public Config(
                InetSocketAddress dns,
                InetSocketAddress http01,
                InetSocketAddress tlsAlpn01,
                InetSocketAddress management,
                String defaultIpv4,
                String defaultIpv6) {
            this(dns, http01, tlsAlpn01, management, defaultIpv4, defaultIpv6, null);
        }

        /** Everything on 127.0.0.1, free ports, A answers 127.0.0.1 and no AAAA by default. */
        public static Config loopback() {
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            return new Config(any, any, any, any, "127.0.0.1", "", any);
        }

        public Config withDns(InetSocketAddress a) {
            return new Config(a, http01, tlsAlpn01, management, defaultIpv4, defaultIpv6, https01);
        }

        public Config withHttp01(InetSocketAddress a) {
            return new Config(dns, a, tlsAlpn01, management, defaultIpv4, defaultIpv6, https01);
        }

        public Config withHttps01(InetSocketAddress a) {
            return new Config(dns, http01, tlsAlpn01, management, defaultIpv4, defaultIpv6, a);
        }

        public Config withTlsAlpn01(InetSocketAddress a) {
            return new Config(dns, http01, a, management, defaultIpv4, defaultIpv6, https01);
        }

        public Config withManagement(InetSocketAddress a) {
            return new Config(dns, http01, tlsAlpn01, a, defaultIpv4, defaultIpv6, https01);
        }

        public Config withDefaults(String ipv4, String ipv6) {
            return new Config(dns, http01, tlsAlpn01, management, ipv4, ipv6, https01);
        }
    }

    private final Config config;
    private MockDnsServer dns;
    private Http01Responder http01;
    private TlsAlpn01Responder tlsAlpn01;
    private Server management;

    private ChallTestServer(Config config) {
        this.config = config;
    }

    public static ChallTestServer start(Config config) throws Exception {
        ChallTestServer s = new ChallTestServer(config);
        try {
            if (config.dns() != null) {
                s.dns = new MockDnsServer();
                s.dns.setDefaultIpv4(config.defaultIpv4());
                s.dns.setDefaultIpv6(config.defaultIpv6());
                s.dns.start(config.dns());
            }
            if (config.http01() != null || config.https01() != null) {
                s.http01 = new Http01Responder();
                if (config.http01() != null) {
                    s.http01.start(config.http01());
                }
                if (config.https01() != null) {
                    s.http01.startHttps(config.https01());
                }
            }
            if (config.tlsAlpn01() != null) {
                s.tlsAlpn01 = new TlsAlpn01Responder().start(config.tlsAlpn01());
            }
            if (config.management() != null) {
                s.management = PlainHttp.start(
                        config.management(),
                        new ManagementApi(s.dns, s.http01, s.tlsAlpn01),
                        "cairn-challtestsrv-management");
            }
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The mock DNS server, or null when it is off. */
    public MockDnsServer dns() {
        return dns;
    }

    /** The http-01 responder (plain HTTP, HTTPS or both), or null when both are off. */
    public Http01Responder http01() {
        return http01;
    }

    public TlsAlpn01Responder tlsAlpn01() {
        return tlsAlpn01;
    }

    public int dnsPort() {
        return on(dns, "DNS").port();
    }

    public int http01Port() {
        return on(config.http01() == null ? null : http01, "http-01").port();
    }

    public int https01Port() {
        return on(config.https01() == null ? null : http01, "https-01").httpsPort();
    }

    public int tlsAlpn01Port() {
        return on(tlsAlpn01, "tls-alpn-01").port();
    }

    public int managementPort() {
        return PlainHttp.port(on(management, "management"));
    }

    public InetSocketAddress managementAddress() {
        return PlainHttp.address(on(management, "management"));
    }

    /** The management API's base URL, without a trailing slash. */
    public URI managementUrl() {
        InetSocketAddress a = managementAddress();
        String host = a.getHostString();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** Forgets every record, challenge response, redirect and recorded request; restores the configured defaults. */
    public void reset() {
        if (dns != null) {
            dns.clearAll();
            dns.setDefaultIpv4(config.defaultIpv4());
            dns.setDefaultIpv6(config.defaultIpv6());
        }
        if (http01 != null) {
            http01.clearAll();
        }
        if (tlsAlpn01 != null) {
            tlsAlpn01.clearAll();
        }
    }

    @Override
    public void close() {
        if (management != null) {
            PlainHttp.stop(management);
        }
        if (tlsAlpn01 != null) {
            tlsAlpn01.close();
        }
        if (http01 != null) {
            http01.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static <T> T on(T part, String name) {
        if (part == null) {
            throw new IllegalStateException("the " + name + " server is off");
        }
        return part;
    }
}
