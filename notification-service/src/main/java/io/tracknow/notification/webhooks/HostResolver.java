package io.tracknow.notification.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to every address it has (DNS by default; tests give their own answers). */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;

    static HostResolver dns() {
        return InetAddress::getAllByName;
    }
}
