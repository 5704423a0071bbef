package io.tracknow.payment.collect.callbacks;

import java.net.Inet6Address;
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
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7 unique-local; an IPv4-mapped address is judged as the IPv4 address it maps
            if ((b[0] & 0xfe) == 0xfc) {
                return false;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first != 0 // 0.0.0.0/8
                && !(first == 100 && second >= 64 && second < 128) // 100.64.0.0/10 carrier-grade NAT
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24
                && !(first == 198 && (second == 18 || second == 19)) // 198.18.0.0/15 benchmarking
                && first < 240; // 240.0.0.0/4 reserved, broadcast
    }
}
