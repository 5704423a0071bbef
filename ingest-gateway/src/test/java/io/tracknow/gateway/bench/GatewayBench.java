package io.tracknow.gateway.bench;

import io.tracknow.embedded.EmbeddedInfra;
import io.tracknow.gateway.GatewayApplication;
import io.tracknow.gateway.signature.HmacSignatures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Benchmark, not a test (run by bench/run.sh): sends unique, correctly signed TikTok deliveries for the
 * demo merchant at the gateway and the same requests at a bare WebFlux endpoint that only answers 200,
 * on the same machine in the same run, and prints sustained accepted webhooks/s and p50/p99 latency.
 * Without GATEWAY_URL it starts the embedded broker, registry and a gateway in this JVM (demo mode).
 * Env: GATEWAY_URL, REQUESTS (default 3000), CONCURRENCY (default 32), WARMUP (default 500).
 */
public final class GatewayBench {

    private static final String SECRET = "demo-app-secret";

    private GatewayBench() {}

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(env("REQUESTS", "3000"));
        int concurrency = Integer.parseInt(env("CONCURRENCY", "32"));
        int warmup = Integer.parseInt(env("WARMUP", "500"));
        String gateway = System.getenv("GATEWAY_URL");
        EmbeddedInfra infra = null;
        ConfigurableApplicationContext app = null;
        if (gateway == null) {
            infra = EmbeddedInfra.start(0, List.of("ingest-gateway"), null);
            List<String> arguments = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--tracknow.gateway.demo=true",
                    "--tracknow.gateway.rate-limit.capacity=100000000",
                    "--logging.level.root=WARN",
                    "--logging.structured.format.console="));
            infra.springPropertiesFor("ingest-gateway").forEach((k, v) -> arguments.add("--" + k + "=" + v));
            app = new SpringApplicationBuilder(GatewayApplication.class)
                    .properties(GatewayApplication.CONFIG)
                    .run(arguments.toArray(String[]::new));
            gateway = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        }
        DisposableServer bare = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(RouterFunctions.route()
                        .POST(
                                "/bare",
                                request -> request.bodyToMono(byte[].class)
                                        .then(ServerResponse.ok().build()))
                        .build())))
                .bindNow();
        try {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI webhook = URI.create(gateway + "/webhooks/tiktok/demo-merchant");
            URI bareUri = URI.create("http://127.0.0.1:" + bare.port() + "/bare");
            System.out.printf(Locale.ROOT, "warm-up: %d requests each%n", warmup);
            run(http, webhook, warmup, concurrency);
            run(http, bareUri, warmup, concurrency);
            Result gw = run(http, webhook, requests, concurrency);
            Result bareResult = run(http, bareUri, requests, concurrency);
            System.out.printf(
                    Locale.ROOT,
                    "%n%d requests, concurrency %d, %d CPUs%n",
                    requests,
                    concurrency,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    Locale.ROOT, "%-22s %10s %10s %10s %8s%n", "target", "ok/s", "p50 ms", "p99 ms", "non-200");
            print("gateway (accepted)", gw);
            print("bare WebFlux 200", bareResult);
            System.out.printf(
                    Locale.ROOT, "gateway / bare throughput: %.2f%n", gw.perSecond() / bareResult.perSecond());
        } finally {
            bare.disposeNow();
            if (app != null) {
                app.close();
            }
            if (infra != null) {
                infra.close();
            }
        }
    }

    record Result(int ok, int failed, double seconds, double p50, double p99) {
        double perSecond() {
            return ok / seconds;
        }
    }

    private static Result run(HttpClient http, URI uri, int count, int concurrency) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            String body = order("bench-" + UUID.randomUUID());
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header(
                            "X-TikTok-Signature",
                            HmacSignatures.hex(
                                    HmacSignatures.hmacSha256(SECRET, body.getBytes(StandardCharsets.UTF_8))))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long sent = System.nanoTime();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        latencies.add(System.nanoTime() - sent);
                        boolean accepted = error == null
                                && response.statusCode() == 200
                                && (!uri.getPath().startsWith("/webhooks")
                                        || response.body().contains("\"accepted\""));
                        (accepted ? ok : failed).incrementAndGet();
                        slots.release();
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(ok.get(), failed.get(), seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(index, 0)] / 1e6;
    }

    private static void print(String name, Result r) {
        System.out.printf(
                Locale.ROOT, "%-22s %10.0f %10.1f %10.1f %8d%n", name, r.perSecond(), r.p50(), r.p99(), r.failed());
    }

    private static String order(String orderId) {
        return """
                {"type": "ORDER_STATUS_CHANGE", "timestamp": %d, "shop_id": "12345",
                 "data": {"order_id": "%s", "order_status": 111,
                  "payment": {"total_amount": 12550, "currency": "USD"},
                  "buyer_info": {"email": "customer@email.com"},
                  "creator_info": {"creator_id": "tiktok_creator_123"},
                  "promotion_info": [{"promotion_code": "TIKTOK123"}],
                  "tracking_info": {"utm_source": "ABC12345", "click_id": "click_123"},
                  "items": [{"product_id": "prod_123", "quantity": 2, "price": 2500, "sku": "TS-001"}]}}
                """.formatted(Instant.now().getEpochSecond(), orderId);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
