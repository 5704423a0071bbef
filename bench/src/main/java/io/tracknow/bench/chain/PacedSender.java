package io.tracknow.bench.chain;

import io.tracknow.bench.Deliveries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends unique signed deliveries at a fixed offered rate, open loop: the i-th delivery is due at
 * start + i / rate whatever the answers do (a slow gateway gets more concurrent requests, up to the
 * pool's connections, then queued), so the rate the gateway is offered is the rate asked for. One
 * thread paces, Reactor Netty sends without blocking it; how far the pacer ever fell behind its
 * schedule is reported, so that a sender that could not keep up is visible.
 */
final class PacedSender implements AutoCloseable {

    /** What one paced run did. */
    record Result(
            long sent,
            double sendSeconds,
            long sendEndNanos,
            double maxBehindMillis,
            long accepted,
            long notAccepted,
            long failed,
            long unanswered,
            long maxInFlight,
            Map<String, Long> acceptedSentAtMillis) {

        double sentPerSecond() {
            return sent / sendSeconds;
        }
    }

    private final ConnectionProvider pool = ConnectionProvider.builder("bench-chain")
            .maxConnections(1024)
            .pendingAcquireMaxCount(-1)
            .pendingAcquireTimeout(Duration.ofSeconds(60))
            .build();
    private final HttpClient http;

    PacedSender(String gatewayUrl) {
        this.http = HttpClient.create(pool).baseUrl(gatewayUrl).responseTimeout(Duration.ofSeconds(30));
    }

    /**
     * Offers {@code rate} deliveries per second for {@code duration}, order ids {@code bench-<runId>-<i>},
     * the i-th naming creator {@code creators[i mod size]}, then waits up to {@code drain} for the answers
     * still out.
     */
    Result run(String runId, int rate, Duration duration, Duration drain, List<String> creators) {
        long total = Math.max(1, rate * duration.toMillis() / 1000);
        double interval = 1e9 / rate;
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        AtomicLong notAccepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        long maxBehind = 0;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * interval);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(Math.min(due - now, 200_000));
            }
            maxBehind = Math.max(maxBehind, now - due);
            String orderId = Deliveries.orderId(runId, (int) i);
            long wallMillis = System.currentTimeMillis();
            Deliveries.Delivery delivery =
                    Deliveries.of(orderId, wallMillis / 1000, creators.get((int) (i % creators.size())));
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            send(delivery)
                    .subscribe(
                            ok -> {
                                inFlight.decrementAndGet();
                                if (ok) {
                                    accepted.put(orderId, wallMillis);
                                } else {
                                    notAccepted.incrementAndGet();
                                }
                            },
                            error -> {
                                inFlight.decrementAndGet();
                                failed.incrementAndGet();
                            });
        }
        long sendEnd = System.nanoTime();
        double sendSeconds = (sendEnd - start) / 1e9;
        long drainUntil = System.nanoTime() + drain.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return new Result(
                total,
                sendSeconds,
                sendEnd,
                maxBehind / 1e6,
                accepted.size(),
                notAccepted.get(),
                failed.get(),
                inFlight.get(),
                maxInFlight.get(),
                Map.copyOf(accepted));
    }

    /** Posts one delivery; true when the gateway answered 200 "accepted". */
    private Mono<Boolean> send(Deliveries.Delivery delivery) {
        return http.headers(
                        h -> h.set("Content-Type", "application/json").set("X-TikTok-Signature", delivery.signature()))
                .post()
                .uri(Deliveries.PATH)
                .send(ByteBufFlux.fromString(Mono.just(delivery.body())))
                .responseSingle((response, body) -> body.asString()
                        .defaultIfEmpty("")
                        .map(text -> response.status().code() == 200 && text.contains("\"status\":\"accepted\"")));
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
    }
}
