package dev.cairn.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.authority.Authority;
import dev.cairn.conformance.ClientConformance;
import dev.cairn.faults.FaultInjector;
import dev.cairn.nonce.NonceService;
import dev.cairn.variation.Rolls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Builds the ACME listener's handler; the only public entry into {@code web} for the server wiring. */
public final class AcmeWeb {
    private AcmeWeb() {}

    public record Settings(
            URI termsOfService,
            URI website,
            List<String> caaIdentities,
            boolean externalAccountRequired,
            Duration retryAfter,
            int ordersPerPage,
            boolean strict,
            FaultInjector faults,
            int slowFinalizePolls) {
        public Settings(
                URI termsOfService,
                URI website,
                List<String> caaIdentities,
                boolean externalAccountRequired,
                Duration retryAfter,
                int ordersPerPage,
                boolean strict) {
            this(
                    termsOfService,
                    website,
                    caaIdentities,
                    externalAccountRequired,
                    retryAfter,
                    ordersPerPage,
                    strict,
                    FaultInjector.none(),
                    0);
        }
    }

    /**
     * {@code rolls}: legal-variation mode's per-response decisions ({@link Rolls#none()}: nothing
     * varied); {@code conformance}: where client mistakes are recorded.
     */
    public static AcmeHandler handler(
            Urls urls,
            NonceService nonces,
            Authority authority,
            Settings settings,
            Rolls rolls,
            Clock clock,
            ClientConformance conformance) {
        ObjectMapper mapper = new ObjectMapper();
        LegalVariations variations = new LegalVariations(rolls, clock, mapper);
        Replies replies = new Replies(urls, nonces, mapper, variations);
        Resources resources = new Resources(urls, mapper);
        RequestPipeline pipeline = new RequestPipeline(urls, nonces, authority.accounts(), settings.strict());
        WebContext ctx = new WebContext(
                urls, replies, resources, pipeline, authority, settings.retryAfter(), settings.strict(), variations);
        DirectoryEndpoint directory = new DirectoryEndpoint(
                urls,
                replies,
                settings.termsOfService(),
                settings.website(),
                settings.caaIdentities(),
                settings.externalAccountRequired(),
                authority.orders().profiles());
        return new AcmeHandler(
                ctx,
                directory,
                settings.ordersPerPage(),
                settings.faults(),
                new SlowFinalize(settings.slowFinalizePolls()),
                new ConformanceTap(conformance, urls, authority));
    }
}
