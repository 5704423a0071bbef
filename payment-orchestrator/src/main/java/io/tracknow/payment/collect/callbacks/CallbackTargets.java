package io.tracknow.payment.collect.callbacks;

import io.tracknow.web.outbound.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a callback may go. Live keys: https only, and only to public addresses: every address the host
 * resolves to must be public (not loopback, private, link-local, carrier-grade NAT, unique-local, multicast
 * or unspecified), so that a client cannot make this service call into its own network (SSRF). The check
 * runs when the payment is initiated and again before each attempt, as DNS may change in between. Sandbox
 * keys may call any http(s) address, a developer's laptop included.
 */
public final class CallbackTargets {

    private CallbackTargets() {}

    /** @return why the URL may not be called, or empty when it may (blocking: resolves the host) */
    public static Optional<String> refusal(URI url, boolean live) {
        if (!live) {
            return Optional.empty();
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            return Optional.of("callback_url must be https for a live key");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("callback_url's host " + url.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("callback_url's host " + url.getHost() + " resolves to a non-public address");
            }
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress address) {
        return PublicAddresses.whyNotPublic(address).isEmpty();
    }
}
