package io.tracknow.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * A shop's request that arrives inside a trace (W3C {@code traceparent}) leaves the gateway on
 * {@code orders.v1} in the same trace, so one trace follows a webhook from the shop across Kafka to
 * every consumer (which carry it on through the outbox).
 */
class TracePropagationTest extends GatewayTestSupport {

    private static final String SECRET = "trace-test-secret";

    @Test
    void theOrderEventCarriesTheTraceOfTheWebhookRequest() throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"" + SECRET + "\"]}");
        byte[] body = sample("shopify-orders-paid.json");
        // the gateway takes the order id from admin_graphql_api_id (the sample's numeric id lost digits in JSON)
        String graphqlId = JSON.readTree(body).path("admin_graphql_api_id").asString();
        String orderId = graphqlId.substring(graphqlId.lastIndexOf('/') + 1);
        String traceId = UUID.randomUUID().toString().replace("-", "");

        HttpResponse<String> response = post(
                "/webhooks/shopify/" + merchant,
                body,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Shopify-Topic",
                        "orders/paid",
                        "X-Shopify-Event-Id",
                        UUID.randomUUID().toString(),
                        "X-Shopify-Hmac-Sha256",
                        base64Hmac(SECRET, body),
                        "traceparent",
                        "00-" + traceId + "-00f067aa0ba902b7-01"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        ConsumerRecord<Object, OrderReported> record = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> orders.records().stream()
                                .filter(r -> r.value() != null
                                        && r.value().getMerchantId().equals(merchant)
                                        && r.value().getExternalOrderId().equals(orderId))
                                .findFirst()
                                .orElse(null),
                        r -> r != null);
        Header traceparent = record.headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent header on orders.v1").isNotNull();
        String value = new String(traceparent.value(), StandardCharsets.UTF_8);
        assertThat(value.split("-")[1]).isEqualTo(traceId);
        assertThat(value.split("-")[2])
                .as("a span of the gateway's own, not the caller's")
                .isNotEqualTo("00f067aa0ba902b7");
    }
}
