package io.tracknow.attribution.links;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * No open redirect: a tracking link may only send buyers to an absolute http or https URL, without
 * credentials, whose host is one of the merchant's allowed domains or a subdomain of one
 * ({@code shop.example} allows {@code www.shop.example}, not {@code evilshop.example}).
 */
public final class DestinationPolicy {

    private DestinationPolicy() {}

    /** Why the destination is refused, or empty when it is allowed. */
    public static Optional<String> refusal(String destination, Collection<String> allowedDomains) {
        URI uri;
        try {
            uri = new URI(destination.trim());
        } catch (URISyntaxException e) {
            return Optional.of("destinationUrl is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("destinationUrl must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("destinationUrl must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("destinationUrl has no host");
        }
        String h = host.toLowerCase(Locale.ROOT);
        boolean allowed = allowedDomains.stream()
                .map(d -> d.toLowerCase(Locale.ROOT))
                .anyMatch(d -> h.equals(d) || h.endsWith("." + d));
        return allowed
                ? Optional.empty()
                : Optional.of("host " + host + " is not one of the merchant's allowed domains " + allowedDomains);
    }

    /** A domain as a merchant may register it: a bare host name, no scheme, port or path. */
    public static boolean isDomain(String domain) {
        return domain.matches("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}|localhost");
    }
}
