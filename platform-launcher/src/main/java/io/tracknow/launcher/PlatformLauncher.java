package io.tracknow.launcher;

import io.tracknow.embedded.EmbeddedInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code start}: the whole platform locally with no Docker: a KRaft broker (its address is printed), the schema
 * registry on 8085, databases {@code tracknow_<service>} in the PostgreSQL of DB_HOST/DB_PORT
 * (created when missing), the five services on 8080..8084, demo data seeded. Ctrl-C stops it all.
 * <p>
 * {@code demo [orderId]}: posts the signed seed 000 TikTok order to the running gateway and shows
 * where the money went.
 */
public final class PlatformLauncher {

    private PlatformLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "start" : args[0];
        switch (command) {
            case "start" -> start();
            case "demo" -> demo(args.length > 1 ? args[1] : DemoWebhook.ORDER_ID);
            default -> {
                System.err.println("usage: platform-launcher start | demo [orderId]");
                System.exit(2);
            }
        }
    }

    private static void start() throws InterruptedException {
        int registryPort = Integer.parseInt(env("REGISTRY_PORT", "8085"));
        EmbeddedInfra infra = EmbeddedInfra.start(registryPort, ServiceSpec.names(), "tracknow_");
        EmbeddedPlatform platform;
        try {
            platform = EmbeddedPlatform.start(infra, false, true, Map.of());
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the platform...");
            platform.close();
            infra.close();
            stopped.countDown();
        }, "platform-stop"));

        System.out.println();
        System.out.println("tracknow platform is up (Ctrl-C stops everything)");
        System.out.printf("  %-22s %s%n", "kafka (KRaft)", infra.kafka().bootstrapServers());
        System.out.printf("  %-22s %s  (Confluent API: %s)%n", "schema registry", infra.registry().url(),
                infra.registry().ccompatUrl());
        for (ServiceSpec spec : ServiceSpec.ALL) {
            System.out.printf("  %-22s %s  (db %s, metrics %s/actuator/prometheus)%n", spec.name(),
                    platform.baseUrl(spec.name()), infra.database(spec.name()), platform.baseUrl(spec.name()));
        }
        System.out.println("demo merchant 'demo-merchant' (TikTok app key demo-app-key), influencer 'demo-influencer'"
                + " with creator id tiktok_creator_123");
        System.out.println("operator APIs (gateway /admin, influencers, tracking links, commission plans): "
                + "Authorization: Bearer " + EmbeddedPlatform.DEMO_OPERATOR_TOKEN);
        System.out.println("post the signed seed order:  ./platform demo");
        stopped.await();
    }

    private static void demo(String orderId) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        String gateway = env("GATEWAY_URL", "http://127.0.0.1:8080");
        HttpResponse<String> response = DemoWebhook.post(http, gateway, orderId, Clock.systemUTC());
        System.out.println("POST " + gateway + "/webhooks/tiktok/" + DemoWebhook.MERCHANT + " (order " + orderId
                + ", 125.50 USD) -> " + response.statusCode() + " " + response.body());
        String quoted = "\"" + orderId + "\"";
        show(http, env("COMMISSION_URL", "http://127.0.0.1:8082") + "/api/influencers/" + DemoWebhook.INFLUENCER
                + "/commissions", quoted);
        show(http, env("PAYMENT_URL", "http://127.0.0.1:8083") + "/api/merchants/" + DemoWebhook.MERCHANT + "/payables",
                quoted);
        show(http, env("NOTIFICATION_URL", "http://127.0.0.1:8084") + "/api/influencers/" + DemoWebhook.INFLUENCER
                + "/notifications", orderId);
    }

    /** Prints what the URL answers once it mentions {@code expected}, or after 30 s. */
    private static void show(HttpClient http, String url, String expected) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        String body = get(http, url);
        while (!body.contains(expected) && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            body = get(http, url);
        }
        System.out.println("\nGET " + url + "\n" + body);
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
