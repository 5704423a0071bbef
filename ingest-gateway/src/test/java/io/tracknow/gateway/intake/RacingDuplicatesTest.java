package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.gateway.GatewayTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Identical deliveries racing each other: one is accepted and published, none twice. */
class RacingDuplicatesTest extends GatewayTestSupport {

    @Test
    void publishesOnceWhenIdenticalDeliveriesArriveTogether() throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"race-secret\"]}");
        byte[] body = sample("shopify-orders-paid.json");
        String eventId = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/webhooks/shopify/" + merchant))
                .header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/paid")
                .header("X-Shopify-Event-Id", eventId)
                .header("X-Shopify-Hmac-Sha256", base64Hmac("race-secret", body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers =
                racing.stream().map(CompletableFuture::join).toList();

        assertThat(answers)
                .filteredOn(r -> r.body().contains("\"status\":\"accepted\""))
                .hasSize(1);
        // the others are duplicates, or 503 (+ Retry-After) while the first was still publishing
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 503));
        assertThat(answers)
                .filteredOn(r -> r.statusCode() == 503)
                .allSatisfy(
                        r -> assertThat(r.headers().firstValue("Retry-After")).isPresent());
        HttpResponse<String> retry = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(retry.body()).contains("\"duplicate\":true");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !publishedFor(merchant, "820982911946154508").isEmpty());
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> markerAnswer = post(
                "/webhooks/shopify/" + merchant,
                body,
                java.util.Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Shopify-Topic",
                        "orders/paid",
                        "X-Shopify-Event-Id",
                        marker,
                        "X-Shopify-Hmac-Sha256",
                        base64Hmac("race-secret", body)));
        assertThat(markerAnswer.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> publishedFor(merchant, "820982911946154508").size() >= 2);
        assertThat(publishedFor(merchant, "820982911946154508"))
                .extracting(o -> o.getDeliveryId())
                .as("the raced event once, then the marker")
                .containsExactly(eventId, marker);
    }
}
