package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.gateway.AfterMarker;
import io.tracknow.gateway.GatewayTestSupport;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Input that no order or payment can have, on every route: each is answered 400 invalid-payload, written
 * to the webhook log as REJECTED, and publishes nothing (judged after a valid marker delivery of the same
 * merchant reached the topic). The cases are the ones that used to be answered 200 and published: a
 * negative amount, an absurd one (Long.MAX_VALUE minor units, as a number and as a decimal string), one
 * just over the configured bound, a duplicated key, an id or delivery id over its bound, a field of the
 * wrong type. A buyer note over its bound is cut, not refused (the buyer typed it). Headers over the
 * server's limit are a 431 problem, logged the same way.
 */
class PayloadRefusalTest extends GatewayTestSupport {

    private static final String SECRET = "refusal-secret";
    private static final String LONG_MAX = "9223372036854775807";
    private static final String DECIMAL_LONG_MAX = "\"92233720368547758.07\"";
    private static TopicProbe<PaymentCallbackReceived> callbacks;

    @BeforeAll
    static void openCallbacks() {
        callbacks = TopicProbe.avro(Topics.PAYMENT_CALLBACKS);
    }

    @AfterAll
    static void closeCallbacks() {
        callbacks.close();
    }

    /** One webhook route: a valid body template, how its amounts are written, how a delivery is signed. */
    enum Route {
        TIKTOK("/webhooks/tiktok/", "TIKTOK_SHOP", false, "total_amount", "4200", "-4200", "100000001", """
                {"type": "ORDER_STATUS_CHANGE", "timestamp": %NOW%, "shop_id": "1", "tts_notification_id": "%DELIVERY%",
                 "data": {"order_id": "%ID%", "order_status": 111, "update_time": %NOW%, "buyer_message": "%NOTE%",
                  "payment": {"total_amount": %AMOUNT%%EXTRA%, "currency": "EUR"}, "items": []}}"""),
        SHOPIFY_ORDER(
                "/webhooks/shopify/",
                "SHOPIFY",
                false,
                "total_price",
                "\"125.50\"",
                "\"-125.50\"",
                "\"1000000.01\"",
                """
                {"id": 1, "admin_graphql_api_id": "gid://shopify/Order/%ID%", "currency": "USD",
                 "total_price": %AMOUNT%%EXTRA%, "financial_status": "paid", "updated_at": "2026-01-01T00:00:00Z",
                 "note": "%NOTE%", "line_items": [{"product_id": 1, "name": "Tee", "quantity": 1, "price": "10.00"}]}"""),
        SHOPIFY_REFUND(
                "/webhooks/shopify/", "SHOPIFY", false, "amount", "\"10.00\"", "\"-10.00\"", "\"1000000.01\"", """
                {"id": 7, "order_id": "%ID%", "processed_at": "2026-01-01T00:00:00Z",
                 "transactions": [{"kind": "refund", "status": "success", "amount": %AMOUNT%%EXTRA%, "currency": "USD"}]}"""),
        WOOCOMMERCE(
                "/webhooks/woocommerce/",
                "WOOCOMMERCE",
                false,
                "total",
                "\"29.35\"",
                "\"-29.35\"",
                "\"1000000.01\"",
                """
                {"id": "%ID%", "status": "processing", "currency": "USD", "total": %AMOUNT%%EXTRA%,
                 "date_modified_gmt": "2026-01-01T00:00:00", "customer_note": "%NOTE%",
                 "line_items": [{"product_id": 1, "name": "Tee", "quantity": 1, "price": 10}], "refunds": []}"""),
        // CMI signs the sorted compact JSON: this template is already in that form
        CMI(
                "/webhooks/payments/cmi/",
                "CMI",
                true,
                "amount",
                "15000",
                "-15000",
                "1000000001",
                "{\"amount\":%AMOUNT%%EXTRA%,\"currency\":\"MAD\",\"event\":\"payment.succeeded\",\"payment_id\":\"%ID%\","
                        + "\"status\":\"completed\"}"),
        PAYZEN(
                "/webhooks/payments/payzen/",
                "PAYZEN",
                true,
                "orderTotalAmount",
                "15000",
                "-15000",
                "1000000001",
                "{\"orderStatus\":\"PAID\",\"orderDetails\":{\"orderId\":\"ORDER-1\",\"orderTotalAmount\":%AMOUNT%%EXTRA%,"
                        + "\"orderCurrency\":\"MAD\"},\"transactions\":[{\"uuid\":\"%ID%\"}]}"),
        SGMA("/webhooks/payments/sgma/", "SGMA", true, "amount", "\"150.00\"", "\"-150.00\"", "\"10000000.01\"", """
                {"transactionId": "%ID%", "amount": %AMOUNT%%EXTRA%, "currency": "MAD", "status": "SUCCESS"}"""),
        WAVE("/webhooks/payments/wave/", "WAVE", true, "amount", "\"1000\"", "\"-1000\"", "\"1000000001\"", """
                {"id": "EV_%DELIVERY%", "type": "checkout.session.completed",
                 "data": {"id": "%ID%", "amount": %AMOUNT%%EXTRA%, "currency": "XOF", "payment_status": "succeeded"}}"""),
        ORANGE_MONEY(
                "/webhooks/payments/orange-money/",
                "ORANGE_MONEY",
                true,
                "amount",
                "\"2500\"",
                "\"-2500\"",
                "\"1000000001\"",
                """
                {"txnid": "%ID%", "status": "SUCCESS", "amount": %AMOUNT%%EXTRA%, "currency": "XOF"}"""),
        BACKEND("/webhooks/payments/backend/", "BACKEND", true, "status", "\"completed\"", null, null, """
                {"external_payment_id": "%ID%", "status": %AMOUNT%%EXTRA%, "metadata": {"completed_at": "2026-01-01T00:00:00Z"}}""");

        final String path;
        final String source;
        final boolean payment;
        /** the key whose value %AMOUNT% is (the status for the payment backend, which states no amount) */
        final String amountKey;

        final String validAmount;
        final String negativeAmount;
        final String overLimitAmount;
        final String template;

        Route(
                String path,
                String source,
                boolean payment,
                String amountKey,
                String validAmount,
                String negativeAmount,
                String overLimitAmount,
                String template) {
            this.path = path;
            this.source = source;
            this.payment = payment;
            this.amountKey = amountKey;
            this.validAmount = validAmount;
            this.negativeAmount = negativeAmount;
            this.overLimitAmount = overLimitAmount;
            this.template = template;
        }

        boolean hasAmounts() {
            return negativeAmount != null;
        }
    }

    /** A delivery of a route, before it is signed. */
    record Delivery(
            String id, String amount, String extra, String note, String deliveryId, UnaryOperator<String> edit) {

        static Delivery valid(Route route) {
            return new Delivery(
                    "id-" + UUID.randomUUID(),
                    route.validAmount,
                    "",
                    "thanks",
                    "d-" + UUID.randomUUID(),
                    UnaryOperator.identity());
        }

        Delivery id(String value) {
            return new Delivery(value, amount, extra, note, deliveryId, edit);
        }

        Delivery amount(String value) {
            return new Delivery(id, value, extra, note, deliveryId, edit);
        }

        Delivery extra(String value) {
            return new Delivery(id, amount, value, note, deliveryId, edit);
        }

        Delivery note(String value) {
            return new Delivery(id, amount, extra, value, deliveryId, edit);
        }

        Delivery deliveryId(String value) {
            return new Delivery(id, amount, extra, note, value, edit);
        }

        Delivery edit(String from, String to) {
            return new Delivery(id, amount, extra, note, deliveryId, body -> {
                assertThat(body).as("the case edits the template").contains(from);
                return body.replace(from, to);
            });
        }

        String body(Route route) {
            return edit.apply(route.template
                    .replace("%ID%", id)
                    .replace("%AMOUNT%", amount)
                    .replace("%EXTRA%", extra)
                    .replace("%NOTE%", note)
                    .replace("%DELIVERY%", deliveryId)
                    .replace("%NOW%", Long.toString(Instant.now().getEpochSecond())));
        }
    }

    static Stream<Arguments> refusals() {
        List<Arguments> cases = new ArrayList<>();
        String longId = "i".repeat(256);
        for (Route route : Route.values()) {
            Delivery valid = Delivery.valid(route);
            if (route.hasAmounts()) {
                cases.add(Arguments.of(route, "negative amount", valid.amount(route.negativeAmount)));
                cases.add(Arguments.of(route, "Long.MAX_VALUE as a number", valid.amount(LONG_MAX)));
                cases.add(Arguments.of(
                        route, "Long.MAX_VALUE minor units as a decimal string", valid.amount(DECIMAL_LONG_MAX)));
                cases.add(Arguments.of(
                        route, "one minor unit over the currency's bound", valid.amount(route.overLimitAmount)));
            }
            cases.add(Arguments.of(
                    route, "duplicated key", valid.extra(", \"" + route.amountKey + "\": " + route.validAmount)));
            cases.add(Arguments.of(route, "id of 256 characters", valid.id(longId)));
        }
        cases.add(Arguments.of(
                Route.TIKTOK,
                "tts_notification_id of 256 characters",
                Delivery.valid(Route.TIKTOK).deliveryId(longId)));
        cases.add(Arguments.of(
                Route.SHOPIFY_ORDER,
                "X-Shopify-Event-Id of 3000 characters",
                Delivery.valid(Route.SHOPIFY_ORDER).deliveryId("e".repeat(3000))));
        cases.add(Arguments.of(
                Route.SHOPIFY_REFUND,
                "X-Shopify-Event-Id of 3000 characters",
                Delivery.valid(Route.SHOPIFY_REFUND).deliveryId("e".repeat(3000))));
        cases.add(Arguments.of(
                Route.WOOCOMMERCE,
                "X-WC-Webhook-Delivery-ID of 3000 characters",
                Delivery.valid(Route.WOOCOMMERCE).deliveryId("e".repeat(3000))));
        cases.add(Arguments.of(
                Route.WAVE,
                "event id of 256 characters",
                Delivery.valid(Route.WAVE).deliveryId(longId)));
        cases.add(Arguments.of(
                Route.TIKTOK,
                "items as text",
                Delivery.valid(Route.TIKTOK).edit("\"items\": []", "\"items\": \"text\"")));
        cases.add(Arguments.of(
                Route.SHOPIFY_ORDER,
                "line_items as text",
                Delivery.valid(Route.SHOPIFY_ORDER)
                        .edit("\"line_items\": [", "\"line_items\": \"text\", \"ignored\": [")));
        cases.add(Arguments.of(
                Route.SHOPIFY_REFUND,
                "a transaction that is text",
                Delivery.valid(Route.SHOPIFY_REFUND)
                        .edit("\"currency\": \"USD\"}]", "\"currency\": \"USD\"}, \"text\"]")));
        cases.add(Arguments.of(
                Route.WOOCOMMERCE,
                "line_items as text",
                Delivery.valid(Route.WOOCOMMERCE)
                        .edit("\"line_items\": [", "\"line_items\": \"text\", \"ignored\": [")));
        cases.add(Arguments.of(
                Route.CMI,
                "event as an array",
                Delivery.valid(Route.CMI)
                        .edit("\"event\":\"payment.succeeded\"", "\"event\":[\"payment.succeeded\"]")));
        cases.add(Arguments.of(
                Route.PAYZEN,
                "transactions as text",
                Delivery.valid(Route.PAYZEN)
                        .edit("\"transactions\":[{\"uuid\":", "\"transactions\":\"text\",\"ignored\":[{\"uuid\":")));
        cases.add(Arguments.of(
                Route.SGMA, "amount as an object", Delivery.valid(Route.SGMA).amount("{\"value\": \"150.00\"}")));
        cases.add(Arguments.of(
                Route.WAVE,
                "payment_status as an array",
                Delivery.valid(Route.WAVE)
                        .edit("\"payment_status\": \"succeeded\"", "\"payment_status\": [\"succeeded\"]")));
        cases.add(Arguments.of(
                Route.ORANGE_MONEY,
                "transaction_id as an array",
                Delivery.valid(Route.ORANGE_MONEY).edit("{\"txnid\"", "{\"transaction_id\": [\"x\"], \"txnid\"")));
        cases.add(Arguments.of(
                Route.BACKEND,
                "metadata as text",
                Delivery.valid(Route.BACKEND)
                        .edit("\"metadata\": {\"completed_at\": \"2026-01-01T00:00:00Z\"}", "\"metadata\": \"text\"")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void refusesWith400LogsAndPublishesNothing(Route route, String name, Delivery delivery) throws Exception {
        String merchant = merchantFor(route);
        assertThat(send(route, merchant, Delivery.valid(route)).statusCode())
                .as("the valid delivery of this route")
                .isEqualTo(200);

        HttpResponse<String> response = send(route, merchant, delivery);

        assertProblem(response, 400, "invalid-payload");
        assertLoggedAsRejected(merchant, route.source);
        assertNothingPublishedBeyondTheValidOne(route, merchant);
    }

    @ParameterizedTest
    @EnumSource(
            value = Route.class,
            names = {"TIKTOK", "SHOPIFY_ORDER", "WOOCOMMERCE"})
    void cutsABuyerNoteOverTheBoundInsteadOfRefusingTheOrder(Route route) throws Exception {
        String merchant = merchantFor(route);
        Delivery delivery = Delivery.valid(route).note("n".repeat(6000));

        HttpResponse<String> response = send(route, merchant, delivery);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(published(merchant, delivery.id()).getHints().getBuyerNote()).isEqualTo("n".repeat(5000));
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void answersHeadersOverTheServersLimitWithA431Problem(Route route) throws Exception {
        String merchant = merchantFor(route);
        byte[] body = utf8(Delivery.valid(route).body(route));
        String request =
                "POST " + route.path + merchant + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "X-Padding: " + "p".repeat(20_000) + "\r\nContent-Length: " + body.length + "\r\n\r\n";

        String response = rawExchange(request, body);

        assertThat(response).startsWith("HTTP/1.1 431 ");
        String[] parts = response.split("\r\n\r\n", 2);
        assertThat(parts[0].toLowerCase())
                .contains("content-type: application/problem+json")
                .contains("connection: close");
        JsonNode problem = JSON.readTree(parts[1]);
        assertThat(problem.path("type").asString()).isEqualTo("https://tracknow.io/problems/headers-too-large");
        assertThat(problem.path("status").asInt()).isEqualTo(431);
        JsonNode logged = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> json(operator(
                                        "GET",
                                        "/admin/webhook-logs?merchant=" + merchant + "&source=" + route.source,
                                        null))
                                .path("items"),
                        items -> !items.isEmpty());
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).path("outcome").asString()).isEqualTo("REJECTED");
        assertThat(logged.get(0).path("reason").asString()).isEqualTo("headers-too-large");
        assertThat(logged.get(0).path("httpStatus").asInt()).isEqualTo(431);
        assertNothingPublished(route, merchant, 0);
    }

    private String merchantFor(Route route) throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, route.source, credential(route.source));
        configure(
                merchant,
                route.payment ? Route.ORANGE_MONEY.source : Route.TIKTOK.source,
                credential(route.payment ? Route.ORANGE_MONEY.source : Route.TIKTOK.source));
        return merchant;
    }

    private static String credential(String source) {
        return "TIKTOK_SHOP".equals(source)
                ? "{\"secrets\": [\"" + SECRET + "\"], \"scheme\": \"X_TIKTOK_SIGNATURE\"}"
                : "{\"secrets\": [\"" + SECRET + "\"]}";
    }

    private void assertLoggedAsRejected(String merchant, String source) throws Exception {
        HttpResponse<String> logs =
                operator("GET", "/admin/webhook-logs?merchant=" + merchant + "&source=" + source, null);
        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
        List<JsonNode> rejected = new ArrayList<>();
        json(logs).path("items").forEach(item -> {
            if (!"ACCEPTED".equals(item.path("outcome").asString())) {
                rejected.add(item);
            }
        });
        assertThat(rejected).hasSize(1);
        assertThat(rejected.getFirst().path("outcome").asString()).isEqualTo("REJECTED");
        assertThat(rejected.getFirst().path("reason").asString()).isEqualTo("invalid-payload");
        assertThat(rejected.getFirst().path("httpStatus").asInt()).isEqualTo(400);
    }

    /** Only the valid delivery of the route (and the marker) reached the topic for this merchant. */
    private void assertNothingPublishedBeyondTheValidOne(Route route, String merchant) throws Exception {
        assertNothingPublished(route, merchant, 1);
    }

    /** What reached the route's topic for the merchant and the route's source, apart from the marker, is {@code expected} events. */
    private void assertNothingPublished(Route route, String merchant, int expected) throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        Delivery markerDelivery = Delivery.valid(route.payment ? Route.ORANGE_MONEY : Route.TIKTOK)
                .id(marker);
        if (route.payment) {
            List<PaymentCallbackReceived> published = AfterMarker.published(
                    callbacks,
                    () -> send(Route.ORANGE_MONEY, merchant, markerDelivery),
                    c -> c.getExternalPaymentId().equals(marker),
                    c -> c.getMerchantId().equals(merchant) && c.getProvider().equals(provider(route)));
            assertThat(published)
                    .as("callbacks of the refused delivery's merchant and provider")
                    .hasSize(expected);
        } else {
            List<?> published = AfterMarker.published(
                    orders,
                    () -> send(Route.TIKTOK, merchant, markerDelivery),
                    o -> o.getExternalOrderId().equals(marker),
                    o -> o.getMerchantId().equals(merchant)
                            && o.getSource().name().equals(orderSource(route)));
            assertThat(published)
                    .as("orders of the refused delivery's merchant and source")
                    .hasSize(expected);
        }
    }

    private static String provider(Route route) {
        return route.path.split("/")[3];
    }

    private static String orderSource(Route route) {
        return route == Route.TIKTOK ? "TIKTOK_SHOP" : route.source;
    }

    private HttpResponse<String> send(Route route, String merchant, Delivery delivery) throws Exception {
        String body = delivery.body(route);
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        byte[] bytes = utf8(body);
        switch (route) {
            case TIKTOK -> headers.put("X-TikTok-Signature", hexHmac(SECRET, bytes));
            case SHOPIFY_ORDER, SHOPIFY_REFUND -> {
                headers.put("X-Shopify-Topic", route == Route.SHOPIFY_ORDER ? "orders/paid" : "refunds/create");
                headers.put("X-Shopify-Event-Id", delivery.deliveryId());
                headers.put("X-Shopify-Hmac-Sha256", base64Hmac(SECRET, bytes));
            }
            case WOOCOMMERCE -> {
                headers.put("X-WC-Webhook-Topic", "order.updated");
                headers.put("X-WC-Webhook-Delivery-ID", delivery.deliveryId());
                headers.put("X-WC-Webhook-Signature", base64Hmac(SECRET, bytes));
            }
            case CMI ->
                bytes = utf8(
                        body.substring(0, body.length() - 1) + ",\"signature\":\"" + hexHmac(SECRET, bytes) + "\"}");
            case PAYZEN -> {
                headers.put("Content-Type", "application/x-www-form-urlencoded");
                String hash = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(body + SECRET)));
                bytes = utf8("kr-hash=" + hash + "&kr-answer=" + URLEncoder.encode(body, StandardCharsets.UTF_8));
            }
            case SGMA ->
                bytes = utf8(body.substring(0, body.lastIndexOf('}')) + ", \"signature\": \""
                        + base64Hmac(SECRET, utf8(sortedValues(body))) + "\"}");
            case WAVE -> {
                long now = Instant.now().getEpochSecond();
                headers.put("Wave-Signature", "t=" + now + ",v1=" + hexHmac(SECRET, utf8(now + body)));
            }
            case ORANGE_MONEY -> headers.put("X-Signature", hexHmac(SECRET, bytes));
            case BACKEND -> headers.put("X-Payment-Signature", "sha256=" + hexHmac(SECRET, bytes));
        }
        return post(route.path + merchant, bytes, headers);
    }

    /** Société Générale Maroc's signed text: the values in key order (flat bodies only; nested ones are refused first). */
    private static String sortedValues(String body) {
        StringBuilder values = new StringBuilder();
        JsonNode tree = JSON.readTree(body);
        tree.propertyNames().stream()
                .sorted()
                .map(tree::get)
                .forEach(value -> values.append(value.isValueNode() ? value.asString() : value.toString()));
        return values.toString();
    }

    private String rawExchange(String head, byte[] body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(environment.getProperty("local.server.port")))) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            // read the head, then as many bytes as it declares: the server closes the connection after this
            // answer, possibly with a reset for the part of the request it did not read
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int headEnd = -1;
            long declared = -1;
            while (headEnd < 0 || answer.size() < headEnd + declared) {
                int next = in.read();
                assertThat(next)
                        .as("the answer so far: " + answer.toString(StandardCharsets.UTF_8))
                        .isNotNegative();
                answer.write(next);
                String text = answer.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0 && text.endsWith("\r\n\r\n")) {
                    headEnd = text.length();
                    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                            .matcher(text);
                    declared = length.find() ? Long.parseLong(length.group(1)) : 0;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
