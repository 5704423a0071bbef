package io.tracknow.gateway.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.common.Refund;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.BuyerEmails;
import io.tracknow.gateway.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shopify's published sample payloads (src/test/resources/samples, see the .source.txt caveats) signed with a test secret. */
class ShopifyWebhookTest extends GatewayTestSupport {

    private static final String SECRET = "shpss_test_secret";
    private static final String SAMPLE_ORDER_ID = "820982911946154508";
    private String merchant;

    @BeforeEach
    void merchant() throws Exception {
        merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"" + SECRET + "\"]}");
    }

    @Test
    void normalisesTheOrdersCreateSampleWithItsAmountsInCentsAndTheAuthoritativeOrderId() throws Exception {
        HttpResponse<String> response = send(
                "orders/create",
                sample("shopify-orders-create.json"),
                UUID.randomUUID().toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        OrderReported order = published(merchant, SAMPLE_ORDER_ID);
        assertThat(order.getSource()).isEqualTo(OrderSource.SHOPIFY);
        // the documented sample is a voided, cancelled order (caveat 2), so orders/create reports it cancelled
        assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.getPlatformStatus()).isEqualTo("voided");
        assertThat(order.getTotalMinor()).isEqualTo(40495);
        assertThat(order.getCurrency()).isEqualTo("USD");
        assertThat(order.getItems()).hasSize(5);
        assertThat(order.getItems().getFirst().getUnitPriceMinor()).isEqualTo(8999);
        assertThat(order.getBuyerEmailSha256()).isEqualTo(BuyerEmails.sha256("jon@example.com"));
        assertThat(order.toString()).doesNotContain("jon@example.com");
    }

    @Test
    void theTopicDecidesPaidAndCancelled() throws Exception {
        byte[] body = sample("shopify-orders-paid.json");
        assertThat(send("orders/paid", body, UUID.randomUUID().toString()).statusCode())
                .isEqualTo(200);
        assertThat(send(
                                "orders/cancelled",
                                sample("shopify-orders-cancelled.json"),
                                UUID.randomUUID().toString())
                        .statusCode())
                .isEqualTo(200);

        assertThat(awaitCount(SAMPLE_ORDER_ID, 2))
                .extracting(OrderReported::getStatus)
                .containsExactlyInAnyOrder(OrderStatus.PAID, OrderStatus.CANCELLED);
    }

    @Test
    void reportsARefundAsOneIdentifiedRefundOfItsSuccessfulRefundTransactions() throws Exception {
        HttpResponse<String> response = send(
                "refunds/create",
                sample("shopify-refunds-create.json"),
                UUID.randomUUID().toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // order_id as the sample has it (rounded by the scraper, caveat 1); the refund id from its exact gid
        OrderReported refund = published(merchant, "820982911946154500");
        assertThat(refund.getStatus()).isEqualTo(OrderStatus.PARTLY_REFUNDED);
        assertThat(refund.getRefunds()).singleElement().satisfies(r -> {
            assertThat(r.getRefundId()).isEqualTo("890088186047892319");
            assertThat(r.getAmountMinor()).as("75.00 + 10.00").isEqualTo(8500);
            assertThat(r.getOccurredAt()).isEqualTo(java.time.Instant.parse("2022-01-01T00:00:00Z"));
        });
        assertThat(refund.getRefundedMinor()).isEqualTo(8500);
        assertThat(refund.getCurrency()).isEqualTo("USD");
    }

    @Test
    void twoRefundWebhooksAreTwoRefundsEachWithItsOwnAmountAndARepeatKeepsItsId() throws Exception {
        String order = "5550" + (System.nanoTime() % 1_000_000);
        assertThat(send(
                                "refunds/create",
                                refund(order, "9001", "success", "50.20"),
                                UUID.randomUUID().toString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(
                                "refunds/create",
                                refund(order, "9002", "success", "75.30"),
                                UUID.randomUUID().toString())
                        .statusCode())
                .isEqualTo(200);
        // the same refund in another delivery (a new event id): reported again under the same refund id
        assertThat(send(
                                "refunds/create",
                                refund(order, "9001", "success", "50.20"),
                                UUID.randomUUID().toString())
                        .statusCode())
                .isEqualTo(200);

        java.util.List<OrderReported> events = awaitCount(order, 3);
        assertThat(events)
                .flatExtracting(OrderReported::getRefunds)
                .extracting(Refund::getRefundId, Refund::getAmountMinor)
                .containsExactly(tuple("9001", 5020L), tuple("9002", 7530L), tuple("9001", 5020L));
        assertThat(events).extracting(OrderReported::getRefundedMinor).containsExactly(5020L, 7530L, 5020L);
    }

    @Test
    void aRefundWhoseMoneyHasNotMovedYetIsNotReportedAndOneWithoutTransactionsCountsItsLinesAndTax() throws Exception {
        String pending = "5551" + (System.nanoTime() % 1_000_000);
        assertThat(send(
                                "refunds/create",
                                refund(pending, "9101", "pending", "30.00"),
                                UUID.randomUUID().toString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(published(merchant, pending).getRefunds()).isEmpty();

        String sample = new String(sample("shopify-refunds-create.json"), StandardCharsets.UTF_8);
        String linesOnly = sample.substring(0, sample.indexOf("\"transactions\": [")) + "\"transactions\": []\n}\n";
        linesOnly = linesOnly.replaceFirst(
                "\"total_tax_set\": \\{\\s*\"shop_money\": \\{\\s*\"amount\": \"0.00\"",
                "\"total_tax_set\": { \"shop_money\": { \"amount\": \"7.20\"");
        assertThat(send("refunds/create", utf8(linesOnly), UUID.randomUUID().toString())
                        .statusCode())
                .isEqualTo(200);
        // 89.99 + 19.99 + 24.99 + 159.99 + 119.99 of lines, and the first line's 7.20 of tax
        assertThat(published(merchant, "820982911946154500").getRefunds())
                .singleElement()
                .extracting(Refund::getAmountMinor)
                .isEqualTo(41495L + 720L);
    }

    @Test
    void ordersUpdatedReportsAFullRefundWithEveryRefundTheOrderLists() throws Exception {
        String body = new String(sample("shopify-orders-paid.json"), StandardCharsets.UTF_8)
                .replace(
                        "\"cancelled_at\": \"2021-12-31T19:00:00-05:00\"",
                        "\"cancelled_at\": null") // refunded, not cancelled
                .replace("\"financial_status\": \"voided\"", "\"financial_status\": \"refunded\"")
                .replace(
                        "\"refunds\": []",
                        "\"refunds\": [" + refundObject("9201", "success", "200.00") + ", "
                                + refundObject("9202", "success", "204.95") + ", "
                                + refundObject("9203", "failure", "1.00") + "]");
        HttpResponse<String> response =
                send("orders/updated", utf8(body), UUID.randomUUID().toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        OrderReported order = published(merchant, SAMPLE_ORDER_ID);
        assertThat(order.getStatus()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(order.getTotalMinor()).isEqualTo(40495);
        assertThat(order.getRefunds())
                .as("the failed refund moved no money")
                .extracting(Refund::getRefundId, Refund::getAmountMinor)
                .containsExactly(tuple("9201", 20000L), tuple("9202", 20495L));
        assertThat(order.getRefundedMinor()).isEqualTo(40495);
    }

    @Test
    void refusesARefundIdLongerThan255CharactersAndANegativeRefund() throws Exception {
        String order = "5552" + (System.nanoTime() % 1_000_000);
        String longId = "9".repeat(256);
        assertProblem(
                send(
                        "refunds/create",
                        utf8(refundJson(order, longId, "success", "1.00")
                                .replace("\"admin_graphql_api_id\": \"gid://shopify/Refund/" + longId + "\", ", "")),
                        "e-long"),
                400,
                "invalid-payload");
        assertProblem(
                send("refunds/create", refund(order, "9301", "success", "-5.00"), "e-neg"), 400, "invalid-payload");
        assertThat(publishedFor(merchant, order)).isEmpty();
    }

    @Test
    void collectsDiscountCodesLandingSiteUtmNoteAndNoteAttributesAsHints() throws Exception {
        String body = new String(sample("shopify-orders-create.json"), StandardCharsets.UTF_8)
                .replace(
                        "\"discount_codes\": []",
                        "\"discount_codes\": [{\"code\": \"CREATOR10\", \"amount\": \"10.00\", \"type\": \"fixed_amount\"}]")
                .replace(
                        "\"landing_site\": null",
                        "\"landing_site\": \"/products/x?utm_source=tiktok&utm_medium=creator&utm_campaign=fall%20drop&click_id=c-42\"")
                .replace(
                        "\"note\": null,\n  \"note_attributes\": []",
                        "\"note\": \"thanks @anna\",\n  \"note_attributes\": [{\"name\": \"creator_id\", \"value\": \"tt_anna\"}]");
        assertThat(send("orders/paid", utf8(body), UUID.randomUUID().toString()).statusCode())
                .isEqualTo(200);

        OrderReported order = published(merchant, SAMPLE_ORDER_ID);
        assertThat(order.getHints().getPromoCodes()).containsExactly("CREATOR10");
        assertThat(order.getHints().getUtmSource()).isEqualTo("tiktok");
        assertThat(order.getHints().getUtmMedium()).isEqualTo("creator");
        assertThat(order.getHints().getUtmCampaign()).isEqualTo("fall drop");
        assertThat(order.getHints().getClickId()).isEqualTo("c-42");
        assertThat(order.getHints().getBuyerNote()).isEqualTo("thanks @anna");
        assertThat(order.getHints().getCreatorId()).isEqualTo("tt_anna");
        assertThat(order.getHints().getCartAttributes()).containsEntry("creator_id", "tt_anna");
    }

    @Test
    void dedupesOnTheEventIdAndFallsBackToTheWebhookId() throws Exception {
        String eventId = UUID.randomUUID().toString();
        byte[] body = sample("shopify-orders-paid.json");
        assertThat(send("orders/paid", body, eventId).statusCode()).isEqualTo(200);
        HttpResponse<String> again = send("orders/paid", body, eventId);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"duplicate\":true");

        String webhookId = UUID.randomUUID().toString();
        Map<String, String> noEventId = Map.of(
                "Content-Type",
                "application/json",
                "X-Shopify-Topic",
                "orders/paid",
                "X-Shopify-Webhook-Id",
                webhookId,
                "X-Shopify-Hmac-Sha256",
                base64Hmac(SECRET, body));
        assertThat(post(path(), body, noEventId).body()).contains("\"status\":\"accepted\"");
        assertThat(post(path(), body, noEventId).body()).contains("\"duplicate\":true");

        assertThat(awaitCount(SAMPLE_ORDER_ID, 2)).hasSize(2);
    }

    @Test
    void acceptsBothSecretsDuringARotationAndNoOther() throws Exception {
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"new-secret\", \"" + SECRET + "\"]}");
        byte[] body = sample("shopify-orders-paid.json");
        assertThat(send("orders/paid", body, UUID.randomUUID().toString()).statusCode())
                .isEqualTo(200);
        assertThat(post(
                                path(),
                                body,
                                headers("orders/paid", UUID.randomUUID().toString(), base64Hmac("new-secret", body)))
                        .statusCode())
                .isEqualTo(200);
        assertProblem(
                post(path(), body, headers("orders/paid", UUID.randomUUID().toString(), base64Hmac("other", body))),
                401,
                "invalid-signature");
    }

    @Test
    void rejectsAWrongOrMalformedSignatureWith401() throws Exception {
        byte[] body = sample("shopify-orders-paid.json");
        assertProblem(
                post(path(), body, headers("orders/paid", "e1", base64Hmac(SECRET, utf8("other body")))),
                401,
                "invalid-signature");
        assertProblem(post(path(), body, headers("orders/paid", "e2", "not base64 !!")), 401, "invalid-signature");
    }

    @Test
    void rejectsMissingTopicOrDeliveryIdMissingTotalAndTooManyDecimalsWith400() throws Exception {
        byte[] body = sample("shopify-orders-paid.json");
        Map<String, String> noTopic = Map.of(
                "Content-Type",
                "application/json",
                "X-Shopify-Event-Id",
                "e",
                "X-Shopify-Hmac-Sha256",
                base64Hmac(SECRET, body));
        assertProblem(post(path(), body, noTopic), 400, "invalid-payload");
        Map<String, String> noId = Map.of(
                "Content-Type",
                "application/json",
                "X-Shopify-Topic",
                "orders/paid",
                "X-Shopify-Hmac-Sha256",
                base64Hmac(SECRET, body));
        assertProblem(post(path(), body, noId), 400, "invalid-payload");

        String text = new String(body, StandardCharsets.UTF_8);
        assertProblem(
                send("orders/paid", utf8(text.replace("\"total_price\": \"404.95\",", "")), "e3"),
                400,
                "invalid-payload");
        assertProblem(
                send(
                        "orders/paid",
                        utf8(text.replace("\"total_price\": \"404.95\"", "\"total_price\": \"404.955\"")),
                        "e4"),
                400,
                "invalid-payload");
        assertProblem(send("orders/paid", utf8("{\"id\": 1,"), "e5"), 400, "invalid-payload");
    }

    @Test
    void readsJapaneseYenWithoutMinorDigits() throws Exception {
        String body = new String(sample("shopify-orders-paid.json"), StandardCharsets.UTF_8)
                .replace("\"currency\": \"USD\"", "\"currency\": \"JPY\"")
                .replace("\"total_price\": \"404.95\"", "\"total_price\": \"1500\"")
                .replaceAll("\"price\": \"(\\d+)\\.\\d+\"", "\"price\": \"$1\"");
        HttpResponse<String> response =
                send("orders/paid", utf8(body), UUID.randomUUID().toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        OrderReported order = published(merchant, SAMPLE_ORDER_ID);
        assertThat(order.getCurrency()).isEqualTo("JPY");
        assertThat(order.getTotalMinor()).isEqualTo(1500);
    }

    @Test
    void acknowledgesATopicItDoesNotProcessAndPublishesNothing() throws Exception {
        HttpResponse<String> response =
                send("customers/create", utf8("{\"id\": 1}"), UUID.randomUUID().toString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"ignored\"");
    }

    /** A refunds/create body: one refund transaction of this status and amount. */
    private static byte[] refund(String orderId, String refundId, String status, String amount) {
        return utf8(refundJson(orderId, refundId, status, amount));
    }

    private static String refundJson(String orderId, String refundId, String status, String amount) {
        return refundObject(refundId, status, amount).replaceFirst("\\{", "{\"order_id\": " + orderId + ", ");
    }

    private static String refundObject(String refundId, String status, String amount) {
        return """
                {"id": %s, "admin_graphql_api_id": "gid://shopify/Refund/%s", "processed_at": "2026-05-01T12:00:00+02:00",
                 "refund_line_items": [], "transactions": [{"kind": "refund", "status": "%s", "amount": "%s", "currency": "USD"}]}""".formatted(refundId, refundId, status, amount);
    }

    private java.util.List<OrderReported> awaitCount(String orderId, int count) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> publishedFor(merchant, orderId), list -> list.size() >= count);
    }

    private HttpResponse<String> send(String topic, byte[] body, String eventId) throws Exception {
        return post(path(), body, headers(topic, eventId, base64Hmac(SECRET, body)));
    }

    private static Map<String, String> headers(String topic, String eventId, String hmac) {
        return Map.of(
                "Content-Type",
                "application/json",
                "X-Shopify-Topic",
                topic,
                "X-Shopify-Event-Id",
                eventId,
                "X-Shopify-Webhook-Id",
                UUID.randomUUID().toString(),
                "X-Shopify-Hmac-Sha256",
                hmac,
                "X-Shopify-Shop-Domain",
                "jsmith.myshopify.com");
    }

    private String path() {
        return "/webhooks/shopify/" + merchant;
    }
}
