package dev.cairn.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.conformance.Rule;
import dev.cairn.issuance.Profiles;
import dev.cairn.protocol.AcmeProblem;
import java.net.URI;
import java.util.List;

/** RFC 8555 §7.1.1 (and RFC 9773 §3 renewalInfo, draft-ietf-acme-profiles §3 meta.profiles): the directory, by GET; no index link, no nonce needed. */
final class DirectoryEndpoint implements Endpoint {
    private final Replies replies;
    private final ObjectNode directory;
    /** The body, rendered once unless legal-variation mode reshapes it per response. */
    private final byte[] body;

    DirectoryEndpoint(
            Urls urls,
            Replies replies,
            URI termsOfService,
            URI website,
            List<String> caaIdentities,
            boolean externalAccountRequired,
            Profiles profiles) {
        this.replies = replies;
        ObjectNode dir = replies.mapper().createObjectNode();
        dir.put("newNonce", urls.newNonce());
        dir.put("newAccount", urls.newAccount());
        dir.put("newOrder", urls.newOrder());
        dir.put("newAuthz", urls.newAuthz());
        dir.put("revokeCert", urls.revokeCert());
        dir.put("keyChange", urls.keyChange());
        dir.put("renewalInfo", urls.renewalInfo());
        ObjectNode meta = dir.putObject("meta");
        if (termsOfService != null) {
            meta.put("termsOfService", termsOfService.toString());
        }
        if (website != null) {
            meta.put("website", website.toString());
        }
        ArrayNode caa = meta.putArray("caaIdentities");
        caaIdentities.forEach(caa::add);
        meta.put("externalAccountRequired", externalAccountRequired);
        ObjectNode offered = meta.putObject("profiles");
        profiles.all().forEach(p -> offered.put(p.name(), p.description()));
        this.directory = dir;
        this.body = replies.variations().shapesEachResponse() ? null : replies.bytes(dir);
    }

    @Override
    public void handle(Exchange ex, List<String> params) {
        if (!"GET".equals(ex.method()) && !"HEAD".equals(ex.method())) {
            ex.setHeader("Allow", "GET, HEAD");
            throw ex.notes()
                    .noted(
                            Rule.METHOD_NOT_ALLOWED,
                            AcmeProblem.malformed("The directory is fetched with GET")
                                    .withStatus(405));
        }
        replies.cors(ex);
        ex.send(200, Replies.JSON, body != null ? body : replies.bytes(directory));
    }
}
