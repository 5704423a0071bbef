package io.tracknow.web.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether an address is one the platform may call on a URL someone else gave it (a webhook, a payment
 * callback): SSRF protection shared by every service that calls out. Refused: loopback, unspecified,
 * link-local (cloud metadata at 169.254.169.254), private (RFC 1918), IPv6 unique-local, multicast,
 * 0.0.0.0/8, carrier-grade NAT 100.64.0.0/10, 192.0.0.0/24, benchmarking 198.18.0.0/15 and 240.0.0.0/4;
 * an IPv4-mapped IPv6 address is judged as the IPv4 address it maps.
 */
public final class PublicAddresses {

    private PublicAddresses() {}

    /** Why {@code address} is not public, or empty when it is. */
    public static Optional<String> whyNotPublic(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a private (unique-local) address");
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return whyNotPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return Optional.of("an unreadable IPv4-mapped address");
                }
            }
            return Optional.empty();
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0
                || (first == 100 && second >= 64 && second < 128)
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                || (first == 198 && (second == 18 || second == 19))
                || first >= 240) {
            return Optional.of("a reserved or shared address");
        }
        return Optional.empty();
    }
}
