package dev.cairn.challtestsrv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tls-alpn-01 responder (RFC 8737) of {@code cairn challtestsrv}.
 *
 * <p>Design note. A JDK {@code SSLServerSocket} whose key manager picks the certificate by SNI
 * from the certificates built at {@link #addTlsAlpn01}. The ALPN selector only notes what the
 * client offered and agrees to {@code acme-tls/1}; the decision is taken in the key manager,
 * which the JDK calls once the SNI is known: like {@code pebble-challtestsrv}, the handshake
 * fails unless the client offered exactly {@code [acme-tls/1]} and a certificate exists for its
 * SNI, and every handshake attempt is recorded (SNI and offered protocols) whether it succeeds or
 * not. After a handshake the connection is closed: a validator only needs the certificate.
 */
public final class TlsAlpn01Responder implements AutoCloseable {
    public static final String ACME_TLS_1 = "acme-tls/1";
    private static final Logger LOG = LoggerFactory.getLogger(TlsAlpn01Responder.class);

    /** One handshake attempt: the SNI host name ("" without SNI) and the ALPN protocols offered. */
    public record TlsAlpnRequest(String serverName, List<String> supportedProtos) {
        public TlsAlpnRequest {
            supportedProtos = List.copyOf(supportedProtos);
        }
    }

    private record Served(String keyAuthorization, X509Certificate certificate) {}

    /** What one connection's handshake has shown so far. */
    private static final class Attempt {
        volatile List<String> offered = List.of();
        volatile boolean recorded;
    }

    private final Clock clock;
    private final KeyPair key;
    private final Map<String, Served> certificates = new ConcurrentHashMap<>();
    private final Map<Socket, Attempt> attempts = new ConcurrentHashMap<>();
    private final List<TlsAlpnRequest> requests = new CopyOnWriteArrayList<>();
    private SSLServerSocket listener;
    private ExecutorService threads;

    public TlsAlpn01Responder() {
        this(Clock.systemUTC());
    }

    public TlsAlpn01Responder(Clock clock) {
        this.clock = clock;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key pair generator", e);
        }
    }

    public synchronized TlsAlpn01Responder start(InetSocketAddress bind) throws IOException {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {new ByServerName()}, null, null);
            listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS", e);
        }
        listener.setReuseAddress(true);
        listener.bind(bind, 50);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cairn-tlsalpn01-" + listener.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        ServerSocket l = listener;
        threads.execute(() -> accept(l));
        return this;
    }

    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("not started");
        }
        return listener.getLocalPort();
    }

    public synchronized InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** Serves, for SNI {@code host}, the RFC 8737 certificate for {@code keyAuthorization}. */
    public void addTlsAlpn01(String host, String keyAuthorization) {
        X509Certificate cert = TlsAlpn01Certificate.create(host, keyAuthorization, key, clock.instant());
        certificates.put(key(host), new Served(keyAuthorization, cert));
    }

    public void deleteTlsAlpn01(String host) {
        certificates.remove(key(host));
    }

    public List<TlsAlpnRequest> requests() {
        return List.copyOf(requests);
    }

    public List<TlsAlpnRequest> requests(String serverName) {
        String k = key(serverName);
        return requests.stream().filter(r -> key(r.serverName()).equals(k)).toList();
    }

    public void clearRequests(String serverName) {
        String k = key(serverName);
        requests.removeIf(r -> key(r.serverName()).equals(k));
    }

    public void clearAll() {
        certificates.clear();
        requests.clear();
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                LOG.debug("closing the tls-alpn-01 listener", e);
            }
            threads.shutdownNow();
            listener = null;
        }
    }

    private static String key(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private void accept(ServerSocket l) {
        while (!l.isClosed()) {
            try {
                Socket s = l.accept();
                threads.execute(() -> handshake((SSLSocket) s));
            } catch (IOException | RejectedExecutionException e) {
                return;
            }
        }
    }

    private void handshake(SSLSocket socket) {
        attempts.put(socket, new Attempt());
        try (socket) {
            socket.setSoTimeout(5_000);
            socket.setHandshakeApplicationProtocolSelector((s, offered) -> {
                Attempt attempt = attempts.get(s);
                attempt.offered = List.copyOf(offered);
                if (offered.contains(ACME_TLS_1)) {
                    return ACME_TLS_1;
                }
                // The JDK refuses the handshake before choosing a certificate: record it here.
                record(attempt, serverName(s.getHandshakeSession()));
                return null;
            });
            socket.startHandshake();
        } catch (SSLException | SocketException e) {
            LOG.debug("tls-alpn-01 handshake refused or failed", e);
        } catch (IOException e) {
            LOG.debug("tls-alpn-01 connection failed", e);
        } finally {
            attempts.remove(socket);
        }
    }

    private void record(Attempt attempt, String serverName) {
        if (!attempt.recorded) {
            attempt.recorded = true;
            requests.add(new TlsAlpnRequest(serverName, attempt.offered));
        }
    }

    private static String serverName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return "";
    }

    /** Picks the certificate by SNI; the alias is the normalised host name. */
    private final class ByServerName extends X509ExtendedKeyManager {
        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            if (!(socket instanceof SSLSocket ssl)) {
                return null;
            }
            return choose(keyType, ssl.getHandshakeSession(), attempts.get(socket));
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        private String choose(String keyType, SSLSession handshake, Attempt attempt) {
            if (attempt == null) {
                return null;
            }
            String sni = serverName(handshake);
            record(attempt, sni);
            if (!"EC".equals(keyType) || !attempt.offered.equals(List.of(ACME_TLS_1))) {
                return null;
            }
            String alias = key(sni);
            return certificates.containsKey(alias) ? alias : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Served served = certificates.get(alias);
            return served == null ? null : new X509Certificate[] {served.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key.getPrivate();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return certificates.keySet().toArray(String[]::new);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
