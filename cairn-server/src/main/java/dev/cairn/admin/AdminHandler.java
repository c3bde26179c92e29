package dev.cairn.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.RenewalService;
import dev.cairn.conformance.ClientConformance;
import dev.cairn.faults.FaultInjector;
import dev.cairn.issuance.CertificateAuthority;
import dev.cairn.issuance.Pem;
import dev.cairn.policy.EabKeys;
import dev.cairn.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API on its own listener, compatible with Pebble's: {@code GET /roots/{n}},
 * {@code /intermediates/{n}} (PEM, with {@code Link rel="alternate"} to the others) and
 * {@code /cert-status-by-serial/{hex}} (JSON with Pebble's member names), and
 * {@code /eab-keys} ({@link EabKeysResource}), {@code /faults} ({@link FaultsResource}), and
 * settable ARI windows: {@code /renewal-info} and Pebble's {@code /set-renewal-info/} ({@link
 * RenewalInfoResource}), and the client conformance report under {@code /clients} ({@link
 * ClientsResource}).
 */
public final class AdminHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    private final CertificateAuthority ca;
    private final Storage storage;
    private final ObjectMapper mapper = new ObjectMapper();
    private final EabKeysResource eabKeys;
    private final FaultsResource faults;
    private final RenewalInfoResource renewalInfo;
    private final ClientsResource clients;
    private final boolean serveCaKeys;

    /**
     * {@code serveCaKeys}: Pebble's {@code /root-keys/{n}} and {@code /intermediate-keys/{n}},
     * only for a throw-away CA kept in memory (a test CA). A CA with keys on disk never serves
     * them.
     */
    public AdminHandler(
            CertificateAuthority ca,
            Storage storage,
            EabKeys eabKeys,
            FaultInjector faults,
            RenewalService renewals,
            boolean serveCaKeys,
            ClientConformance conformance) {
        this.serveCaKeys = serveCaKeys;
        this.renewalInfo = new RenewalInfoResource(renewals, mapper);
        this.clients = new ClientsResource(conformance, mapper);
        this.faults = new FaultsResource(faults, mapper);
        this.ca = ca;
        this.storage = storage;
        this.eabKeys = new EabKeysResource(eabKeys, mapper);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        try {
            if (path.startsWith("/roots/")) {
                pem(response, callback, "/roots/", ca.roots(), path);
            } else if (path.startsWith("/intermediates/")) {
                pem(response, callback, "/intermediates/", ca.intermediates(), path);
            } else if (path.startsWith("/root-keys/") || path.startsWith("/intermediate-keys/")) {
                caKey(response, callback, path);
            } else if (path.equals("/eab-keys") || path.equals("/faults")) {
                EabKeysResource.Reply reply = path.equals("/faults") ? faults.handle(request) : eabKeys.handle(request);
                send(response, callback, reply.status(), reply.contentType(), reply.body());
            } else if (RenewalInfoResource.serves(path)) {
                EabKeysResource.Reply reply = renewalInfo.handle(request, path);
                send(response, callback, reply.status(), reply.contentType(), reply.body());
            } else if (ClientsResource.serves(path)) {
                EabKeysResource.Reply reply = clients.handle(request.getMethod(), path);
                send(response, callback, reply.status(), reply.contentType(), reply.body());
            } else if (path.startsWith("/cert-status-by-serial/")) {
                certStatus(response, callback, path.substring("/cert-status-by-serial/".length()));
            } else {
                send(response, callback, 404, "text/plain", "no such management resource\n");
            }
        } catch (RuntimeException | java.io.IOException e) {
            LOG.error("management request {} failed", path, e);
            send(response, callback, 500, "text/plain", "internal error\n");
        }
        return true;
    }

    private void pem(Response response, Callback callback, String prefix, List<X509Certificate> certs, String path) {
        int n = index(path.substring(prefix.length()), certs.size());
        if (n < 0) {
            send(
                    response,
                    callback,
                    404,
                    "text/plain",
                    "no such certificate; indexes run from 0 to " + (certs.size() - 1) + "\n");
            return;
        }
        for (int i = 0; i < certs.size(); i++) {
            if (i != n) {
                response.getHeaders().add("Link", "<" + prefix + i + ">;rel=\"alternate\"");
            }
        }
        send(response, callback, 200, "application/pem-certificate-chain", Pem.encode(certs.get(n)));
    }

    private void caKey(Response response, Callback callback, String path) {
        if (!serveCaKeys) {
            send(
                    response,
                    callback,
                    404,
                    "text/plain",
                    "CA private keys are served only by a throw-away CA kept"
                            + " in memory (serve --in-memory or --test without --data-dir)\n");
            return;
        }
        boolean root = path.startsWith("/root-keys/");
        String prefix = root ? "/root-keys/" : "/intermediate-keys/";
        int n = index(path.substring(prefix.length()), ca.roots().size());
        if (n < 0) {
            send(
                    response,
                    callback,
                    404,
                    "text/plain",
                    "no such key; indexes run from 0 to " + (ca.roots().size() - 1) + "\n");
            return;
        }
        // Every intermediate is the same key under another root's signature.
        send(
                response,
                callback,
                200,
                "application/x-pem-file",
                Pem.encode(root ? ca.rootKey(n) : ca.intermediateKey()));
    }

    private void certStatus(Response response, Callback callback, String serialText) {
        String serial = serialText.toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
        if (!serial.matches("[0-9a-f]+")) {
            send(response, callback, 400, "text/plain", "the serial must be hexadecimal\n");
            return;
        }
        CertificateRecord cert = storage.certificateBySerial(serial).orElse(null);
        if (cert == null) {
            send(response, callback, 404, "text/plain", "no certificate with serial " + serial + "\n");
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("Status", cert.isRevoked() ? "Revoked" : "Valid");
        body.put("Serial", cert.serial());
        body.put("Certificate", cert.chains().get(0).split("(?<=-----END CERTIFICATE-----\n)", 2)[0]);
        if (cert.isRevoked()) {
            body.put("Reason", cert.revocationReason());
            body.put(
                    "RevokedAt",
                    DateTimeFormatter.ISO_INSTANT.format(cert.revokedAt().truncatedTo(ChronoUnit.SECONDS)));
        }
        send(response, callback, 200, "application/json", body.toString());
    }

    private static int index(String text, int size) {
        try {
            int n = Integer.parseInt(text);
            return n >= 0 && n < size ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void send(Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
