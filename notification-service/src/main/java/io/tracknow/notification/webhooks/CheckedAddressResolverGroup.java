package io.tracknow.notification.webhooks;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The webhook client's name resolution (DNS rebinding defence): the HTTP client connects only to addresses
 * that {@link UrlGuard#checked} returned from the one resolution it checked, never to an answer obtained
 * separately. A name that now resolves to a private, loopback or link-local address fails the connection
 * with {@link UrlGuard.Refused} before any socket is opened. (Resolution is blocking, as Netty's default
 * resolver; a webhook send is one call at a time per delivery worker.)
 */
final class CheckedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final UrlGuard guard;

    CheckedAddressResolverGroup(UrlGuard guard) {
        this.guard = guard;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                try {
                    promise.setSuccess(guard.checked(host)[0]);
                } catch (Exception e) {
                    promise.setFailure(e);
                }
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                try {
                    promise.setSuccess(List.of(guard.checked(host)));
                } catch (Exception e) {
                    promise.setFailure(e);
                }
            }
        }.asAddressResolver();
    }
}
