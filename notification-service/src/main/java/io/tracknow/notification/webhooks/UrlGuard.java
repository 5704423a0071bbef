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
 * every send (the name may have been re-pointed since), and the connection itself resolves through
 * {@link #checked}, so a DNS answer that changes between the check and the connection (rebinding) cannot
 * lead it to an address that was not checked. {@code allowLoopback} exists for tests whose
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
        try {
            checked(host);
        } catch (Refused e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        return Optional.empty();
    }

    /**
     * Resolves {@code host} and returns its addresses only if every one may be called; the webhook client
     * connects through this ({@link CheckedAddressResolverGroup}), so it connects only to addresses that were
     * checked, in the same resolution (no second DNS answer between the check and the connection).
     *
     * @throws Refused              when an address is loopback, private, link-local…
     * @throws UnknownHostException when the name does not resolve
     */
    public InetAddress[] checked(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> why = forbidden(address);
            if (why.isPresent()) {
                throw new Refused(host + " resolves to " + address.getHostAddress() + ", " + why.get());
            }
        }
        return addresses;
    }

    /** A name that resolves to an address we must not call. */
    public static final class Refused extends UnknownHostException {

        Refused(String message) {
            super(message);
        }
    }

    private Optional<String> forbidden(InetAddress address) {
        if (address.isLoopbackAddress() && allowLoopback) {
            return Optional.empty();
        }
        return PublicAddresses.whyNotPublic(address);
    }
}
