package io.containerengine.notifications.webhooks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import reactor.core.scheduler.Scheduler;

/**
 * The webhook HTTP client's name resolution: resolves through the {@link SsrfGuard} and hands the client only
 * addresses the guard accepted, so the connection goes to exactly the address that was checked (no second
 * lookup that DNS rebinding could answer differently). Lookups are blocking, so they run on {@code blocking},
 * not on the event loop.
 */
final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final SsrfGuard guard;
    private final Scheduler blocking;

    GuardedResolverGroup(SsrfGuard guard, Scheduler blocking) {
        this.guard = guard;
        this.blocking = blocking;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetSocketAddressResolver(executor, new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                blocking.schedule(() -> {
                    try {
                        promise.trySuccess(guard.resolveAllowed(host).get(0));
                    } catch (RuntimeException e) {
                        promise.tryFailure(e);
                    }
                });
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                blocking.schedule(() -> {
                    try {
                        promise.trySuccess(guard.resolveAllowed(host));
                    } catch (RuntimeException e) {
                        promise.tryFailure(e);
                    }
                });
            }
        });
    }
}
