package dev.cairn.web;

import dev.cairn.authority.CertificateRecord;
import dev.cairn.protocol.AcmeProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificate download (RFC 8555 §7.4.2): the PEM chain, leaf first, by POST-as-GET. Every
 * other chain of the same leaf is offered with {@code Link rel="alternate"}; in
 * legal-variation mode ({@code --vary chains}) they may be offered in another order or not at
 * all, and stay downloadable either way.
 */
final class CertificateEndpoint extends PostEndpoint {
    static final String PEM_CHAIN = "application/pem-certificate-chain";

    CertificateEndpoint(WebContext ctx) {
        super(ctx, RequestPipeline.KeyMode.KID);
    }

    @Override
    void handle(Exchange ex, AuthenticatedRequest request, List<String> params) {
        WebContext.requirePostAsGet(ex, request, "a certificate");
        String serial = params.get(0);
        CertificateRecord cert = ctx.authority().orders().certificate(request.account(), serial);
        int chain = params.size() > 1 ? alternate(params.get(1), cert) : 0;
        if (chain > 0) {
            ex.notes().linkOnly();
        }
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < cert.chains().size(); i++) {
            if (i != chain) {
                others.add(i);
            }
        }
        for (int i : ctx.variations().alternates(others)) {
            String url = i == 0 ? ctx.urls().certificate(serial) : ctx.urls().alternateCertificate(serial, i);
            ex.addHeader("Link", "<" + url + ">;rel=\"alternate\"");
        }
        ctx.replies().common(ex);
        ex.send(200, PEM_CHAIN, cert.chains().get(chain).getBytes(StandardCharsets.US_ASCII));
    }

    private static int alternate(String segment, CertificateRecord cert) {
        try {
            int n = Integer.parseInt(segment);
            if (n >= 1 && n < cert.chains().size()) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw AcmeProblem.notFound("Certificate " + cert.serial() + " has no alternate chain \"" + segment
                + "\"; follow the Link rel=\"alternate\" URLs");
    }
}
