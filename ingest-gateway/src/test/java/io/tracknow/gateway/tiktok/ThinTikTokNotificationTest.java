package io.tracknow.gateway.tiktok;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.BuyerEmails;
import io.tracknow.gateway.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * TikTok Shop's real thin notifications (samples/tiktokshop-*.json) completed through the Get Order
 * Detail API, here a WireMock stub on the loopback host, which this test puts on the allow-list.
 */
class ThinTikTokNotificationTest extends GatewayTestSupport {

    private static final String APP_SECRET = "tts-app-secret";
    private static final String APP_KEY = "tts-app-key";
    private static final String TOKEN = "ROW_access_token";
    private static final WireMockServer API =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @DynamicPropertySource
    static void tiktokApi(DynamicPropertyRegistry registry) {
        if (!API.isRunning()) {
            API.start();
        }
        registry.add("tracknow.gateway.tiktok-api.base-url", () -> "http://127.0.0.1:" + API.port());
        registry.add("tracknow.gateway.tiktok-api.allowed-hosts", () -> "127.0.0.1");
        // WireMock's first answer in a cold JVM on a loaded machine can take over a second: 1 s made whichever
        // test ran first fail now and then (three timed-out attempts, 503); the slow stub below exceeds 3 s
        registry.add("tracknow.gateway.tiktok-api.read-timeout", () -> "3s");
        registry.add("tracknow.gateway.tiktok-api.backoff", () -> "50ms");
    }

    @AfterAll
    static void stopApi() {
        API.stop();
    }

    private String merchant;
    private String orderId;

    @BeforeEach
    void merchant() throws Exception {
        API.resetAll();
        merchant = uniqueMerchant();
        orderId = Long.toString(576486316948490001L + (long) (Math.random() * 1_000_000_000L));
        configure(
                merchant,
                "TIKTOK_SHOP",
                "{\"appKey\": \"" + APP_KEY + "\", \"scheme\": \"AUTHORIZATION\", \"secrets\": [\"" + APP_SECRET
                        + "\"]}");
        configure(merchant, "TIKTOK_SHOP_API", "{\"appKey\": \"cipher-1\", \"secrets\": [\"" + TOKEN + "\"]}");
    }

    @Test
    void completesTheDocumentedOrderStatusChangeWithTheSignedOrderDetailCall() throws Exception {
        stubDetail("UNPAID");
        HttpResponse<String> response = send(sample("tiktokshop-order-status-change.json"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        OrderReported order = published(merchant, orderId);
        assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.getPlatformStatus()).isEqualTo("UNPAID");
        assertThat(order.getTotalMinor()).isEqualTo(12550);
        assertThat(order.getCurrency()).isEqualTo("USD");
        assertThat(order.getItems())
                .hasSize(2)
                .allSatisfy(item -> assertThat(item.getUnitPriceMinor()).isEqualTo(6275));
        assertThat(order.getBuyerEmailSha256()).isEqualTo(BuyerEmails.sha256("buyer@example.com"));
        assertThat(order.getHints().getBuyerNote()).isEqualTo("from @anna");

        LoggedRequest call = API.findAll(getRequestedFor(urlPathEqualTo(TikTokOrderApi.PATH)))
                .getFirst();
        assertThat(call.getHeader("x-tts-access-token")).isEqualTo(TOKEN);
        assertThat(call.queryParameter("app_key").firstValue()).isEqualTo(APP_KEY);
        assertThat(call.queryParameter("ids").firstValue()).isEqualTo(orderId);
        assertThat(call.queryParameter("shop_cipher").firstValue()).isEqualTo("cipher-1");
        assertThat(call.queryParameter("sign").firstValue()).isEqualTo(expectedSign(call));
    }

    @Test
    void aCompletedCancellationIsCancelledAndAPendingOneKeepsTheOrdersCurrentStatus() throws Exception {
        stubDetail("AWAITING_SHIPMENT");
        assertThat(send(sample("tiktokshop-cancellation-status-change.json")).statusCode())
                .isEqualTo(200);
        byte[] complete = utf8(new String(sample("tiktokshop-cancellation-status-change.json"), StandardCharsets.UTF_8)
                .replace("CANCELLATION_REQUEST_PENDING", "CANCELLATION_REQUEST_COMPLETE"));
        assertThat(send(complete).statusCode()).isEqualTo(200);

        List<OrderReported> events = org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> publishedFor(merchant, orderId), list -> list.size() >= 2);
        assertThat(events)
                .extracting(OrderReported::getStatus)
                .containsExactly(OrderStatus.PAID, OrderStatus.CANCELLED);
        assertThat(events)
                .extracting(OrderReported::getPlatformStatus)
                .containsExactly("CANCELLATION_REQUEST_PENDING", "CANCELLATION_REQUEST_COMPLETE");
        assertThat(events.get(0).getRefunds()).isEmpty();
        // a completed cancellation refunds the whole order, once, under the cancellation's id
        assertThat(events.get(1).getRefunds()).singleElement().satisfies(refund -> {
            assertThat(refund.getRefundId()).isEqualTo("cancel:4035318504086604100");
            assertThat(refund.getAmountMinor()).isEqualTo(12550);
        });
    }

    @Test
    void refusesTheReturnSampleAsPublishedBecauseItIsNotValidJson() throws Exception {
        HttpResponse<String> response = send(sample("tiktokshop-return-status-change.json"));
        assertProblem(response, 400, "invalid-payload");
        assertThat(API.getAllServeEvents())
                .as("no API call for a body we cannot read")
                .isEmpty();
    }

    @Test
    void reportsACompletedReturnAsOneRefundOfTheAmountTheReturnApiStates() throws Exception {
        stubDetail("DELIVERED");
        API.stubFor(WireMock.post(urlPathEqualTo(TikTokOrderApi.RETURNS_PATH))
                .withHeader("x-tts-access-token", equalTo(TOKEN))
                .willReturn(okJson("""
                        {"code": 0, "message": "Success", "data": {"return_orders": [
                          {"return_id": "other-return", "refund_amount": {"currency": "USD", "refund_total": "1.00"}},
                          {"return_id": "%s", "return_status": "RETURN_OR_REFUND_REQUEST_COMPLETE",
                           "refund_amount": {"currency": "USD", "refund_total": "62.75", "refund_subtotal": "62.75"}}]}}
                        """.formatted(orderId))));
        HttpResponse<String> response = send(completedReturn());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        OrderReported order = published(merchant, orderId);
        assertThat(order.getStatus()).isEqualTo(OrderStatus.PARTLY_REFUNDED);
        assertThat(order.getRefunds()).singleElement().satisfies(refund -> {
            assertThat(refund.getRefundId()).isEqualTo("return:" + orderId); // the sample's return id is its order id
            assertThat(refund.getAmountMinor()).isEqualTo(6275);
        });
        assertThat(order.getRefundedMinor()).isEqualTo(6275);

        LoggedRequest call = API.findAll(postRequestedFor(urlPathEqualTo(TikTokOrderApi.RETURNS_PATH)))
                .getFirst();
        assertThat(call.getBodyAsString()).isEqualTo("{\"order_ids\":[\"" + orderId + "\"]}");
        assertThat(call.queryParameter("sign").firstValue())
                .as("signed over path, query and body")
                .isEqualTo(expectedSign(
                        call,
                        TikTokOrderApi.RETURNS_PATH,
                        List.of("app_key", "timestamp", "shop_cipher"),
                        call.getBodyAsString()));
    }

    @Test
    void aCompletedReturnTheReturnApiDoesNotListIsAnsweredWith503AndPublishesNothing() throws Exception {
        stubDetail("DELIVERED");
        API.stubFor(WireMock.post(urlPathEqualTo(TikTokOrderApi.RETURNS_PATH))
                .willReturn(okJson("{\"code\": 0, \"message\": \"Success\", \"data\": {\"return_orders\": []}}")));

        assertProblem(send(completedReturn()), 503, "order-detail-unavailable");
        assertThat(publishedFor(merchant, orderId)).isEmpty();
    }

    /** The return sample, completed, with the comma TikTok's published sample lacks restored. */
    private static byte[] completedReturn() throws Exception {
        return utf8(new String(sample("tiktokshop-return-status-change.json"), StandardCharsets.UTF_8)
                .replace("\"create_time\": 1627587600\n", "\"create_time\": 1627587600,\n")
                .replace("RETURN_OR_REFUND_REQUEST_PENDING", "RETURN_OR_REFUND_REQUEST_COMPLETE"));
    }

    @Test
    void retriesAServerErrorAndDedupesOnTheNotificationId() throws Exception {
        API.stubFor(get(urlPathEqualTo(TikTokOrderApi.PATH))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("up"));
        API.stubFor(get(urlPathEqualTo(TikTokOrderApi.PATH))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(okJson(detail("AWAITING_SHIPMENT"))));
        byte[] body = sample("tiktokshop-order-status-change.json");

        assertThat(send(body).statusCode()).isEqualTo(200);
        assertThat(send(body).body()).contains("\"duplicate\":true");
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo(TikTokOrderApi.PATH))))
                .as("one retry, then none for the duplicate")
                .hasSize(2);
    }

    @Test
    void answers503WhenTheApiKeepsFailingOrTimesOutAndAcceptsTheRetryLater() throws Exception {
        API.stubFor(get(urlPathEqualTo(TikTokOrderApi.PATH))
                .willReturn(okJson(detail("UNPAID")).withFixedDelay(6000)));
        byte[] body = sample("tiktokshop-order-status-change.json");
        HttpResponse<String> slow = send(body);

        assertProblem(slow, 503, "order-detail-unavailable");
        assertThat(slow.headers().firstValue("Retry-After")).isPresent();
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo(TikTokOrderApi.PATH))))
                .as("3 attempts")
                .hasSize(3);

        API.resetAll();
        stubDetail("UNPAID");
        assertThat(send(body).body()).contains("\"status\":\"accepted\"");
    }

    @Test
    void doesNotRetryAClientError() throws Exception {
        API.stubFor(
                get(urlPathEqualTo(TikTokOrderApi.PATH)).willReturn(aResponse().withStatus(403)));
        assertProblem(send(sample("tiktokshop-order-status-change.json")), 503, "order-detail-unavailable");
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo(TikTokOrderApi.PATH))))
                .hasSize(1);
    }

    @Test
    void refusesAnUnknownOrderStatusNameWithoutCallingTheApi() throws Exception {
        byte[] body = utf8(new String(sample("tiktokshop-order-status-change.json"), StandardCharsets.UTF_8)
                .replace("UNPAID", "TELEPORTED"));
        assertProblem(send(body), 400, "invalid-payload");
        assertThat(API.getAllServeEvents()).isEmpty();
    }

    /** Sends a sample with a fresh timestamp, order id and notification id, signed as TikTok signs (Authorization). */
    private HttpResponse<String> send(byte[] sample) throws Exception {
        String body = new String(sample, StandardCharsets.UTF_8)
                .replace("1644412885", Long.toString(Instant.now().getEpochSecond()))
                .replace("576486316948490001", orderId)
                .replace("7327112393057371910", "n-" + orderId + "-" + (sample.length % 7) + statusOf(sample));
        byte[] bytes = utf8(body);
        byte[] signed = utf8(APP_KEY + body);
        return post(
                "/webhooks/tiktok/" + merchant,
                bytes,
                Map.of("Content-Type", "application/json", "Authorization", hexHmac(APP_SECRET, signed)));
    }

    private static String statusOf(byte[] sample) {
        String text = new String(sample, StandardCharsets.UTF_8);
        return Integer.toHexString(text.hashCode());
    }

    private void stubDetail(String status) {
        API.stubFor(get(urlPathEqualTo(TikTokOrderApi.PATH))
                .withHeader("x-tts-access-token", equalTo(TOKEN))
                .willReturn(okJson(detail(status))));
    }

    private String detail(String status) {
        return """
                {"code": 0, "message": "Success", "request_id": "r-1", "data": {"orders": [{
                  "id": "%s", "status": "%s", "buyer_email": "Buyer@Example.com", "buyer_message": "from @anna",
                  "payment": {"currency": "USD", "total_amount": "125.50", "sub_total": "125.50"},
                  "line_items": [
                    {"id": "l1", "product_id": "p1", "product_name": "Tee", "sku_id": "s1", "seller_sku": "TS-001", "sale_price": "62.75"},
                    {"id": "l2", "product_id": "p1", "product_name": "Tee", "sku_id": "s1", "seller_sku": "TS-001", "sale_price": "62.75"}]}]}}
                """.formatted(orderId, status);
    }

    /** TikTok's documented signing, written out again here independently of the gateway's signer. */
    private static String expectedSign(LoggedRequest call) {
        return expectedSign(call, TikTokOrderApi.PATH, List.of("app_key", "ids", "timestamp", "shop_cipher"), "");
    }

    private static String expectedSign(LoggedRequest call, String path, List<String> names, String body) {
        TreeMap<String, String> params = new TreeMap<>();
        for (String name : names) {
            params.put(name, call.queryParameter(name).firstValue());
        }
        StringBuilder text = new StringBuilder(APP_SECRET).append(path);
        params.forEach((k, v) -> text.append(k).append(v));
        text.append(body).append(APP_SECRET);
        return hexHmac(APP_SECRET, utf8(text.toString()));
    }
}
