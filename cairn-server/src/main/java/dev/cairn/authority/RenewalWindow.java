package dev.cairn.authority;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What RFC 9773 §4.2 renewalInfo answers: the suggested window ({@code start} strictly before
 * {@code end}, a MUST of §4.2) and an optional {@code explanationURL}, an absolute http or https
 * URL of a page saying why the window is what it is.
 */
public record RenewalWindow(Instant start, Instant end, String explanationUrl) {
    public RenewalWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException(
                    "the window must end after it starts (RFC 9773 §4.2), but it runs from " + start + " to " + end);
        }
        if (explanationUrl != null) {
            checkUrl(explanationUrl);
        }
    }

    public RenewalWindow(Instant start, Instant end) {
        this(start, end, null);
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("explanationURL \"" + url + "\" is not an absolute http or https URL");
    }
}
