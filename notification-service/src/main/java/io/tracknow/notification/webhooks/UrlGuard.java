package io.tracknow.notification.webhooks;

import io.tracknow.web.outbound.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses webhook URLs that would make us call into our own network (SSRF): any URL whose host resolves
 * to a loopback, private (RFC 1918, IPv6 unique-local), link-local (cloud metadata at 169.254.169.254),
 * carrier-grade NAT, multicast or unspecified address. Every resolved address is checked, not the first
 * one, since a name may carry a public and a private address. Checked at registration and again before
 * every send (the name may have been re-pointed since). {@code allowLoopback} exists for tests whose
 * receiver (WireMock) listens on 127.0.0.1; production leaves it off.
 */
public class UrlGuard {

    private final HostResolver resolver;
    private final boolean allowLoopback;

    public UrlGuard(HostResolver resolver, boolean allowLoopback) {
        this.resolver = resolver;
        this.allowLoopback = allowLoopback;
    }

    /** Why the URL may not be called, or empty when it may. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.of("not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("only http and https URLs are allowed");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("the URL has no host");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("the URL must not carry credentials");
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> why = forbidden(address);
            if (why.isPresent()) {
                return Optional.of(host + " resolves to " + address.getHostAddress() + ", " + why.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> forbidden(InetAddress address) {
        if (address.isLoopbackAddress() && allowLoopback) {
            return Optional.empty();
        }
        return PublicAddresses.whyNotPublic(address);
    }
}
