package dev.cairn.web;

import dev.cairn.conformance.Rule;
import dev.cairn.faults.Fault;
import dev.cairn.faults.FaultInjector;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME listener's only Jetty handler: routes a path to its {@link Endpoint} and turns
 * every failure into a problem document in one place. An {@link AcmeProblem} is the
 * client's doing and is answered as such; anything else is a Cairn bug, logged once with a
 * request id and answered {@code serverInternal} without internals.
 *
 * <p>Routing first resolves a path to a named {@link Route}, then asks the {@link
 * FaultInjector} whether this request gets an injected fault instead (test mode, logged at
 * INFO), then hands it to the endpoint. The directory is never faulted.
 */
public final class AcmeHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeHandler.class);

    private final Replies replies;
    private final Endpoint directory;
    private final Endpoint newNonce;
    private final Endpoint newAccount;
    private final Endpoint newOrder;
    private final Endpoint newAuthz;
    private final Endpoint revokeCert;
    private final Endpoint keyChange;
    private final Endpoint account;
    private final Endpoint accountOrders;
    private final Endpoint order;
    private final Endpoint finalizeOrder;
    private final Endpoint authorization;
    private final Endpoint challenge;
    private final Endpoint certificate;
    private final Endpoint renewalInfo;
    private final AtomicLong requestIds = new AtomicLong();
    private final boolean strict;
    private final FaultInjector faults;
    private final WebContext ctx;
    private final ConformanceTap tap;

    private record Route(String name, Endpoint endpoint, List<String> params) {}

    AcmeHandler(
            WebContext ctx,
            Endpoint directory,
            int ordersPerPage,
            FaultInjector faults,
            SlowFinalize slow,
            ConformanceTap tap) {
        this.ctx = ctx;
        this.tap = tap;
        this.faults = faults;
        this.replies = ctx.replies();
        this.strict = ctx.strict();
        this.directory = directory;
        this.newNonce = new NewNonceEndpoint(ctx);
        this.newAccount = new NewAccountEndpoint(ctx);
        this.newOrder = new NewOrderEndpoint(ctx);
        this.newAuthz = new NewAuthzEndpoint(ctx);
        this.revokeCert = new RevokeCertEndpoint(ctx);
        this.keyChange = new KeyChangeEndpoint(ctx);
        this.account = new AccountEndpoint(ctx);
        this.accountOrders = new AccountOrdersEndpoint(ctx, ordersPerPage);
        this.order = new OrderEndpoint(ctx, slow);
        this.finalizeOrder = new FinalizeEndpoint(ctx, slow);
        this.authorization = new AuthorizationEndpoint(ctx);
        this.challenge = new ChallengeEndpoint(ctx);
        this.certificate = new CertificateEndpoint(ctx);
        this.renewalInfo = new RenewalInfoEndpoint(ctx);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        return handle(new Exchange(request, response, callback, tap, true));
    }

    /**
     * Handles a request for which {@link #answersWithoutWaiting} is true, on a thread that must
     * not wait: whatever body it sent is discarded only as far as it has arrived.
     */
    public boolean handleWithoutWaiting(Request request, Response response, Callback callback) {
        return handle(new Exchange(request, response, callback, tap, false));
    }

    private boolean handle(Exchange ex) {
        try {
            if ("OPTIONS".equals(ex.method())) {
                preflight(ex);
            } else {
                requireUserAgent(ex);
                route(ex);
            }
        } catch (AcmeProblem problem) {
            replies.problem(ex, problem);
        } catch (RuntimeException | Error e) {
            long id = requestIds.incrementAndGet();
            LOG.error("request {} {} {} failed", id, ex.method(), ex.path(), e);
            replies.problem(
                    ex,
                    AcmeProblem.serverInternal("Cairn failed to handle this request (request id " + id
                            + "); this is a server bug, not your client's. Retry, and report it if it persists"));
        }
        return true;
    }

    /**
     * True for the requests this handler answers from memory without waiting on anything: the
     * directory and newNonce by GET or HEAD, and CORS preflights. They may run on the thread that
     * read them ({@code Listeners.ByConnector}); every other request may block.
     */
    public boolean answersWithoutWaiting(String method, String path) {
        return answersWithoutWaiting(ctx.urls(), method, path);
    }

    static boolean answersWithoutWaiting(Urls urls, String method, String path) {
        if ("OPTIONS".equals(method)) {
            return true;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        return Urls.DIRECTORY.equals(path) || urls.isNewNoncePath(path);
    }

    /** RFC 8555 §6.1: clients MUST send one; refused in strict mode, noted always. */
    private void requireUserAgent(Exchange ex) {
        if (ex.header("User-Agent") != null) {
            return;
        }
        ex.notes().note(Rule.USER_AGENT_MISSING, "the request has no User-Agent header");
        if (strict) {
            throw AcmeProblem.malformed(
                    "Every request must carry a User-Agent header (RFC 8555 §6.1; required" + " in strict mode)");
        }
    }

    /** CORS preflight (RFC 8555 §6.1). */
    private void preflight(Exchange ex) {
        ex.setHeader("Access-Control-Allow-Origin", "*");
        ex.setHeader("Access-Control-Allow-Methods", "GET, HEAD, POST");
        ex.setHeader("Access-Control-Allow-Headers", "Content-Type");
        ex.setHeader("Access-Control-Max-Age", "5");
        ex.send(204, null, new byte[0]);
    }

    /**
     * A 404 means the client asked for a URL Cairn never gave it (RFC 8555 §6.4), except under
     * renewalInfo, whose certID the client computes itself (RFC 9773 §4.1).
     */
    private void route(Exchange ex) {
        Route route;
        try {
            route = resolve(ex.path());
        } catch (AcmeProblem notFound) {
            throw ex.notes().noted(Rule.URL_NOT_PROVIDED, notFound);
        }
        ex.notes().route(route.name(), route.params());
        if (route.name() != null) {
            faults.roll(route.name()).ifPresent(fault -> inject(ex, fault));
        }
        try {
            route.endpoint().handle(ex, route.params());
        } catch (AcmeProblem problem) {
            if (problem.status() == 404 && !"renewalInfo".equals(route.name())) {
                ex.notes().note(Rule.URL_NOT_PROVIDED, problem.detail());
            }
            throw problem;
        }
    }

    /** Answers with {@code fault} instead of handling the request; Replies adds Replay-Nonce to a POST. */
    private void inject(Exchange ex, Fault fault) {
        LOG.info(
                "injected fault {} ({}) into {} {} {} from {}",
                fault.kind().code(),
                fault,
                fault.endpoint(),
                ex.method(),
                ex.path(),
                ex.header("User-Agent") == null ? "(no User-Agent)" : ex.header("User-Agent"));
        String retryAfter = Long.toString(Math.max(1, ctx.retryAfter().toSeconds()));
        String why = "Cairn test mode injected this fault on purpose (--fault " + fault + ")";
        throw switch (fault.kind()) {
            case UNAVAILABLE ->
                AcmeProblem.serverInternal("Service unavailable: " + why + "; retry after " + retryAfter + " s")
                        .withStatus(503)
                        .withHeader("Retry-After", retryAfter);
            case RATE_LIMITED ->
                AcmeProblem.of(ProblemType.RATE_LIMITED, "Rate limited: " + why + "; retry after " + retryAfter + " s")
                        .withHeader("Retry-After", retryAfter);
            case INTERNAL -> AcmeProblem.serverInternal("Internal error: " + why);
        };
    }

    private Route resolve(String path) {
        if (Urls.DIRECTORY.equals(path)) {
            return new Route(null, directory, List.of());
        }
        Urls.Target target = ctx.urls().resolve(path);
        if (target == null) {
            throw AcmeProblem.notFound("There is no ACME resource at " + path
                    + "; take every URL from the directory or from the server's responses");
        }
        List<String> p = target.params();
        return switch (target.resource()) {
            case NEW_NONCE -> new Route("newNonce", newNonce, p);
            case NEW_ACCOUNT -> new Route("newAccount", newAccount, p);
            case NEW_ORDER -> new Route("newOrder", newOrder, p);
            case NEW_AUTHZ -> new Route("newAuthz", newAuthz, p);
            case REVOKE_CERT -> new Route("revokeCert", revokeCert, p);
            case KEY_CHANGE -> new Route("keyChange", keyChange, p);
            case ACCOUNT -> new Route("account", account, p);
            case ORDERS -> new Route("account", accountOrders, p);
            case ORDER -> new Route("order", order, p);
            case FINALIZE -> new Route("finalize", finalizeOrder, p);
            case AUTHZ -> new Route("authz", authorization, p);
            case CHALLENGE -> new Route("challenge", challenge, p);
            case RENEWAL_INFO -> new Route("renewalInfo", renewalInfo, p);
            case CERT, ALT -> new Route("cert", certificate, p);
        };
    }
}
