package io.tracknow.gateway.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.common.Refund;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.BuyerEmails;
import io.tracknow.gateway.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WooCommerce's documented order (samples/woocommerce-order-created.json) signed with a test secret. */
class WooCommerceWebhookTest extends GatewayTestSupport {

    private static final String SECRET = "wc_test_secret";
    private String merchant;

    @BeforeEach
    void merchant() throws Exception {
        merchant = uniqueMerchant();
        configure(merchant, "WOOCOMMERCE", "{\"secrets\": [\"" + SECRET + "\"]}");
    }

    @Test
    void normalisesTheDocumentedOrderAsPaidWithItsAmountsInCents() throws Exception {
        HttpResponse<String> response = send(sample("woocommerce-order-created.json"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        OrderReported order = published(merchant, "727");
        assertThat(order.getSource()).isEqualTo(OrderSource.WOOCOMMERCE);
        assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(order.getPlatformStatus()).isEqualTo("processing");
        assertThat(order.getTotalMinor()).isEqualTo(2935);
        assertThat(order.getCurrency()).isEqualTo("USD");
        assertThat(order.getItems()).extracting(i -> i.getUnitPriceMinor()).containsExactly(300L, 1200L);
        assertThat(order.getItems()).extracting(i -> i.getQuantity()).containsExactly(2, 1);
        assertThat(order.getBuyerEmailSha256()).isEqualTo(BuyerEmails.sha256("john.doe@example.com"));
    }

    @Test
    void answersTheCreationPingWith200AndPublishesNothing() throws Exception {
        HttpResponse<String> ping = post(
                path(),
                utf8("webhook_id=15"),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "User-Agent", "WooCommerce/8.0 Hookshot"));

        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        assertThat(ping.body()).contains("\"status\":\"ping\"");
        assertThat(send(sample("woocommerce-order-created.json")).statusCode()).isEqualTo(200);
        awaitAll("727", 1);
        assertThat(orders.values(o -> o.getMerchantId().equals(merchant)))
                .as("only the order after the ping")
                .hasSize(1);
    }

    @Test
    void refusesAFormBodyThatIsNotThePing() throws Exception {
        byte[] form = utf8("order_id=727&status=processing");
        assertProblem(
                post(
                        path(),
                        form,
                        Map.of(
                                "Content-Type",
                                "application/x-www-form-urlencoded",
                                "X-WC-Webhook-Signature",
                                base64Hmac(SECRET, form))),
                400,
                "invalid-payload");
    }

    @Test
    void dedupesOnOrderStatusAndModificationTimeAlthoughTheDeliveryIdChangesOnEveryRetry() throws Exception {
        byte[] body = sample("woocommerce-order-created.json");
        assertThat(send(body).body()).contains("\"status\":\"accepted\"");
        HttpResponse<String> retry = send(body);
        assertThat(retry.body()).contains("\"duplicate\":true");

        byte[] completed = utf8(new String(body, StandardCharsets.UTF_8)
                .replace("\"status\": \"processing\"", "\"status\": \"completed\"")
                .replace(
                        "\"date_modified_gmt\": \"2017-03-22T19:28:08\"",
                        "\"date_modified_gmt\": \"2017-03-23T10:00:00\""));
        assertThat(send(completed).body()).contains("\"status\":\"accepted\"");

        assertThat(awaitAll("727", 2))
                .extracting(OrderReported::getStatus)
                .containsExactly(OrderStatus.PAID, OrderStatus.FULFILLED);
    }

    @Test
    void collectsCouponsAttributionMetaAndTheCustomerNoteAsHints() throws Exception {
        String body = new String(sample("woocommerce-order-created.json"), StandardCharsets.UTF_8)
                .replace(
                        "\"coupon_lines\": []",
                        "\"coupon_lines\": [{\"id\": 1, \"code\": \"anna10\", \"discount\": \"1.00\"}]")
                .replace("\"customer_note\": \"\"", "\"customer_note\": \"Anna sent me\"")
                .replace(
                        "\"value\": \"yes\"\n    }",
                        "\"value\": \"yes\"\n    },"
                                + " {\"id\": 2, \"key\": \"_wc_order_attribution_utm_source\", \"value\": \"tiktok\"},"
                                + " {\"id\": 3, \"key\": \"_wc_order_attribution_utm_campaign\", \"value\": \"spring\"},"
                                + " {\"id\": 4, \"key\": \"click_id\", \"value\": \"c-7\"}");
        assertThat(send(utf8(body)).statusCode()).isEqualTo(200);

        OrderReported order = published(merchant, "727");
        assertThat(order.getHints().getPromoCodes()).containsExactly("anna10");
        assertThat(order.getHints().getUtmSource()).isEqualTo("tiktok");
        assertThat(order.getHints().getUtmCampaign()).isEqualTo("spring");
        assertThat(order.getHints().getClickId()).isEqualTo("c-7");
        assertThat(order.getHints().getBuyerNote()).isEqualTo("Anna sent me");
        assertThat(order.getHints().getCartAttributes()).containsEntry("_download_permissions_granted", "yes");
    }

    @Test
    void reportsEachListedRefundWithItsIdEvenWhenTheAmountsAreEqual() throws Exception {
        String body = new String(sample("woocommerce-order-created.json"), StandardCharsets.UTF_8)
                .replace(
                        "\"refunds\": []",
                        "\"refunds\": [{\"id\": 9, \"reason\": \"\", \"total\": \"-5.00\"},"
                                + " {\"id\": 10, \"reason\": \"damaged\", \"total\": \"-5.00\"}]");
        assertThat(send(utf8(body)).statusCode()).isEqualTo(200);

        OrderReported order = published(merchant, "727");
        assertThat(order.getStatus()).isEqualTo(OrderStatus.PARTLY_REFUNDED);
        assertThat(order.getRefunds())
                .extracting(Refund::getRefundId, Refund::getAmountMinor)
                .containsExactly(tuple("9", 500L), tuple("10", 500L));
        assertThat(order.getRefundedMinor()).isEqualTo(1000);
    }

    @Test
    void aRefundedOrderThatListsNoRefundIsOneRefundOfTheWholeTotalUnderANaturalKey() throws Exception {
        String body = new String(sample("woocommerce-order-created.json"), StandardCharsets.UTF_8)
                .replace("\"status\": \"processing\"", "\"status\": \"refunded\"");
        assertThat(send(utf8(body)).statusCode()).isEqualTo(200);

        OrderReported order = published(merchant, "727");
        assertThat(order.getStatus()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(order.getRefunds())
                .extracting(Refund::getRefundId, Refund::getAmountMinor)
                .containsExactly(tuple("727:full", 2935L));
        assertThat(order.getRefundedMinor()).isEqualTo(2935);
    }

    @Test
    void aRefundedOrderThatListsItsRefundsReportsThoseRefunds() throws Exception {
        String body = new String(sample("woocommerce-order-created.json"), StandardCharsets.UTF_8)
                .replace("\"status\": \"processing\"", "\"status\": \"refunded\"")
                .replace("\"refunds\": []", "\"refunds\": [{\"id\": 11, \"reason\": \"\", \"total\": \"-29.35\"}]");
        assertThat(send(utf8(body)).statusCode()).isEqualTo(200);

        assertThat(published(merchant, "727").getRefunds())
                .extracting(Refund::getRefundId)
                .containsExactly("11");
    }

    @Test
    void rejectsAWrongSignatureAndAMissingModificationDate() throws Exception {
        byte[] body = sample("woocommerce-order-created.json");
        assertProblem(
                post(
                        path(),
                        body,
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "X-WC-Webhook-Signature",
                                base64Hmac("wrong", body))),
                401,
                "invalid-signature");
        String undated = new String(body, StandardCharsets.UTF_8)
                .replace("\"date_modified\": \"2017-03-22T16:28:08\",", "")
                .replace("\"date_modified_gmt\": \"2017-03-22T19:28:08\",", "");
        assertProblem(send(utf8(undated)), 400, "invalid-payload");
    }

    private List<OrderReported> awaitAll(String orderId, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> publishedFor(merchant, orderId), list -> list.size() >= count);
    }

    private HttpResponse<String> send(byte[] body) throws Exception {
        return post(
                path(),
                body,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-WC-Webhook-Topic",
                        "order.created",
                        "X-WC-Webhook-Delivery-ID",
                        UUID.randomUUID().toString(),
                        "X-WC-Webhook-Signature",
                        base64Hmac(SECRET, body)));
    }

    private String path() {
        return "/webhooks/woocommerce/" + merchant;
    }
}
