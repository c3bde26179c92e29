package dev.cairn.web;

import dev.cairn.conformance.Observation;
import dev.cairn.conformance.Rule;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.web.jose.ProtectedHeader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one request revealed about its client while the pipeline and the endpoint handled it,
 * for the conformance report ({@link ConformanceTap} hands it over before the answer goes out).
 * Noting never changes the answer: a step notes a mistake and then refuses or tolerates the
 * request exactly as it would otherwise.
 */
final class ClientNotes {
    private final Instant arrived;
    private final List<Observation.Noted> noted = new ArrayList<>(0);
    private ProtectedHeader header;
    private String thumbprint;
    private String accountId;
    private boolean badNonce;
    private boolean linkOnly;
    private String route;
    private List<String> params = List.of();

    ClientNotes(Instant arrived) {
        this.arrived = arrived;
    }

    Instant arrived() {
        return arrived;
    }

    void note(Rule rule, String detail) {
        noted.add(new Observation.Noted(rule, null, detail));
    }

    void note(Rule rule, String section, String detail) {
        noted.add(new Observation.Noted(rule, section, detail));
    }

    /** Notes {@code problem}'s detail under {@code rule} and returns it, for {@code throw noted(…)}. */
    AcmeProblem noted(Rule rule, AcmeProblem problem) {
        note(rule, problem.detail());
        return problem;
    }

    AcmeProblem noted(Rule rule, String section, AcmeProblem problem) {
        note(rule, section, problem.detail());
        return problem;
    }

    List<Observation.Noted> noted() {
        return noted;
    }

    /** The JWS protected header, once the pipeline parsed it. */
    void header(ProtectedHeader h) {
        header = h;
    }

    ProtectedHeader header() {
        return header;
    }

    void thumbprint(String t) {
        thumbprint = t;
    }

    String thumbprint() {
        return thumbprint;
    }

    /** The account the request is from: its {@code kid}'s, or the one newAccount returned. */
    void account(String id) {
        accountId = id;
    }

    String accountId() {
        return accountId;
    }

    void badNonce() {
        badNonce = true;
    }

    boolean isBadNonce() {
        return badNonce;
    }

    /**
     * The request is for a resource Cairn only offers in a Link header (an alternate chain, an
     * orders page after the first), so the client must have been offered it.
     */
    void linkOnly() {
        linkOnly = true;
    }

    boolean isLinkOnly() {
        return linkOnly;
    }

    void route(String name, List<String> routeParams) {
        route = name;
        params = routeParams;
    }

    String route() {
        return route;
    }

    List<String> params() {
        return params;
    }
}
