package io.tracknow.launcher;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chaos run's shops and their traffic: merchants on TikTok Shop and Shopify in several currencies,
 * each with a commission plan and influencers the platform attributes by creator id or promo code; the
 * orders they report (paid, then for some a cancellation or a partial refund), each delivery signed as
 * the shop signs it and sent at a steady rate; every answer that is not 2xx is sent again (after its
 * Retry-After) until it is accepted, and a share of accepted deliveries is sent once more, identical, as
 * a shop's redelivery. What the script expects each influencer to have earned is computed here, from
 * what it sent, independently of the platform.
 */
final class ChaosTraffic {

    /** The influencer's share of every sale; the platform's is {@value #PLATFORM_PERCENT} %. */
    static final int INFLUENCER_PERCENT = 10;

    static final int PLATFORM_PERCENT = 5;
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "MAD", "XOF");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_IN_FLIGHT = 256;

    enum Source {
        TIKTOK,
        SHOPIFY
    }

    enum FollowUp {
        NONE,
        CANCEL,
        REFUND
    }

    record Merchant(String id, Source source, String currency, String secret) {

        int exponent() {
            return currency.equals("XOF") ? 0 : 2;
        }
    }

    record Influencer(String id, Merchant merchant, String identifier) {}

    /** One order and what happens to it; {@code refundMinor} only for a refund. */
    record Order(
            String id, Merchant merchant, Influencer influencer, long totalMinor, FollowUp followUp, long refundMinor) {

        /** The influencer's share of the sale, half-up, as a plan of {@value #INFLUENCER_PERCENT} % gives it. */
        long accruedMinor() {
            return halfUp(totalMinor * INFLUENCER_PERCENT, 100);
        }

        /** What the influencer keeps once the follow-up is applied (half-up share of the refund reversed). */
        long expectedMinor() {
            long share = accruedMinor();
            return switch (followUp) {
                case NONE -> share;
                case CANCEL -> 0;
                case REFUND -> share - halfUp(share * refundMinor, totalMinor);
            };
        }
    }

    /** One distinct delivery of the shop (a retry or a redelivery sends the same one again). */
    static final class Delivery {
        final Order order;
        final boolean followUp;
        final String body;
        final Map<String, String> headers;
        final String path;
        volatile Instant firstSent;
        volatile Instant acceptedAt;
        final AtomicInteger attempts = new AtomicInteger();

        Delivery(Order order, boolean followUp, String path, String body, Map<String, String> headers) {
            this.order = order;
            this.followUp = followUp;
            this.path = path;
            this.body = body;
            this.headers = headers;
        }

        /** The status the shop reports in this delivery, as orders.v1 names it. */
        String status() {
            if (!followUp) {
                return "PAID";
            }
            return order.followUp() == FollowUp.CANCEL ? "CANCELLED" : "PARTLY_REFUNDED";
        }
    }

    /** What was sent and how it was answered. */
    record Sent(
            List<Order> orders,
            List<Delivery> deliveries,
            long retried,
            long redelivered,
            long redeliveriesAnsweredOtherThan200,
            long rejected,
            Map<Integer, Long> refusals,
            Duration sending) {}

    private final List<Merchant> merchants = new ArrayList<>();
    private final List<Influencer> influencers = new ArrayList<>();
    private final Random random;
    private final HttpClient http;

    ChaosTraffic(int merchantCount, int influencersPerMerchant, long seed, HttpClient http) {
        this.random = new Random(seed);
        this.http = http;
        String run = Long.toString(Math.abs(seed % 1_000_000), 36);
        for (int m = 0; m < merchantCount; m++) {
            Merchant merchant = new Merchant(
                    "chaos-" + run + "-m" + m,
                    m % 2 == 0 ? Source.TIKTOK : Source.SHOPIFY,
                    CURRENCIES.get((m / 2) % CURRENCIES.size()),
                    "chaos-secret-" + run + "-" + m);
            merchants.add(merchant);
            for (int i = 0; i < influencersPerMerchant; i++) {
                String id = merchant.id() + "-inf" + i;
                influencers.add(new Influencer(
                        id,
                        merchant,
                        merchant.source() == Source.TIKTOK ? "creator-" + id : ("CODE" + m + "X" + i).toUpperCase()));
            }
        }
    }

    List<Merchant> merchants() {
        return merchants;
    }

    List<Influencer> influencers() {
        return influencers;
    }

    /**
     * Through the operator APIs: each merchant's webhook secret at the gateway and commission plan,
     * each influencer with the creator id or promo code that attributes its sales.
     */
    void setUp(Function<String, String> baseUrls, String operatorToken) throws IOException, InterruptedException {
        String gateway = baseUrls.apply("ingest-gateway");
        String commission = baseUrls.apply("commission-service");
        String attribution = baseUrls.apply("attribution-service");
        for (Merchant merchant : merchants) {
            String source = merchant.source() == Source.TIKTOK ? "TIKTOK_SHOP" : "SHOPIFY";
            ObjectNode credentials = JSON.createObjectNode();
            credentials.putArray("secrets").add(merchant.secret());
            call(
                    "PUT",
                    gateway + "/admin/merchants/" + merchant.id() + "/credentials/" + source,
                    operatorToken,
                    credentials);
            ObjectNode plan = JSON.createObjectNode()
                    .put("influencerRatePercent", INFLUENCER_PERCENT)
                    .put("platformRatePercent", PLATFORM_PERCENT)
                    .put("holdDays", 14);
            call("PUT", commission + "/api/merchants/" + merchant.id() + "/commission-plan", operatorToken, plan);
        }
        // 2 calls per influencer: in parallel, or a large run spends minutes setting up
        try (ExecutorService calls = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (Influencer influencer : influencers) {
                done.add(calls.submit(() -> {
                    register(influencer, attribution, operatorToken);
                    return null;
                }));
            }
            for (Future<?> call : done) {
                try {
                    call.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("setting up an influencer failed", e.getCause());
                }
            }
        }
    }

    private void register(Influencer influencer, String attribution, String operatorToken)
            throws IOException, InterruptedException {
        call(
                "POST",
                attribution + "/api/influencers",
                operatorToken,
                JSON.createObjectNode()
                        .put("merchantId", influencer.merchant().id())
                        .put("id", influencer.id())
                        .put("displayName", influencer.id()));
        if (influencer.merchant().source() == Source.TIKTOK) {
            ObjectNode accounts = JSON.createObjectNode();
            accounts.putArray("tiktokCreatorIds").add(influencer.identifier());
            call(
                    "PUT",
                    attribution + "/api/influencers/" + influencer.id() + "/social-accounts",
                    operatorToken,
                    accounts);
        } else {
            call(
                    "POST",
                    attribution + "/api/influencers/" + influencer.id() + "/promo-codes",
                    operatorToken,
                    JSON.createObjectNode().put("code", influencer.identifier()));
        }
    }

    private void call(String method, String url, String token, ObjectNode body)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " -> " + answer.statusCode() + " " + answer.body());
        }
    }

    /**
     * Orders whose deliveries (paid, and the follow-ups of some) number {@code deliveries}: 10 % are
     * cancelled later, and on Shopify 10 % partly refunded.
     */
    List<Order> orders(int deliveries) {
        List<Order> orders = new ArrayList<>();
        int planned = 0;
        int n = 0;
        while (planned < deliveries) {
            Influencer influencer = influencers.get(random.nextInt(influencers.size()));
            Merchant merchant = influencer.merchant();
            long total = merchant.exponent() == 0 ? 500 + random.nextInt(200_000) : 100 + random.nextInt(90_000);
            int roll = random.nextInt(100);
            FollowUp followUp;
            if (planned + 1 == deliveries) {
                followUp = FollowUp.NONE; // the last order takes one delivery: exactly as many as asked for
            } else if (roll < 10) {
                followUp = FollowUp.CANCEL;
            } else if (roll < 20 && merchant.source() == Source.SHOPIFY) {
                followUp = FollowUp.REFUND;
            } else {
                followUp = FollowUp.NONE;
            }
            long refund = followUp == FollowUp.REFUND ? 1 + random.nextLong(total - 1) : 0;
            orders.add(new Order(merchant.id() + "-o" + n++, merchant, influencer, total, followUp, refund));
            planned += followUp == FollowUp.NONE ? 1 : 2;
        }
        return orders;
    }

    /**
     * Sends every order's deliveries to the gateway at {@code rate} per second (a follow-up once its
     * order's paid delivery is accepted), re-sends what is not accepted, redelivers about 5 % of the
     * accepted ones, and counts the accepted distinct deliveries in {@code acceptedCount} as it goes. A
     * 4xx answer (other than 408/425/429) is not re-sent: it is counted as rejected.
     */
    Sent send(String gatewayUrl, List<Order> orders, int rate, AtomicLong acceptedCount) throws InterruptedException {
        Queue<Delivery> fresh = new ArrayDeque<>();
        List<Delivery> all = new ArrayList<>();
        Map<Order, Delivery> followUps = new LinkedHashMap<>();
        // TikTok's timestamp has whole seconds and becomes the order's paid time: now truncated could fall
        // before the plans setUp saved a moment ago (same second), and the platform would rightly price
        // every TikTok sale with the default plan. The next whole second is never before them.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        for (Order order : orders) {
            Delivery paid = delivery(order, false, now);
            fresh.add(paid);
            all.add(paid);
            if (order.followUp() != FollowUp.NONE) {
                Delivery later = delivery(order, true, now);
                followUps.put(order, later);
                all.add(later);
            }
        }
        DelayQueue<Due> due = new DelayQueue<>();
        Queue<Delivery> redeliveries = new ConcurrentLinkedQueue<>();
        AtomicLong retried = new AtomicLong();
        AtomicLong redelivered = new AtomicLong();
        AtomicLong redeliveredOdd = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        Map<Integer, Long> refusals = new java.util.concurrent.ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicInteger outstanding = new AtomicInteger(all.size());
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        Instant start = Instant.now();
        while (outstanding.get() > 0) {
            Due ready = due.poll();
            Delivery delivery;
            boolean redelivery = false;
            if (ready != null) {
                delivery = ready.delivery;
            } else if (!fresh.isEmpty()) {
                delivery = fresh.poll();
            } else if (!redeliveries.isEmpty()) {
                delivery = redeliveries.poll();
                redelivery = true;
            } else {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                continue;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next = Math.max(next + interval, System.nanoTime() - 10 * interval);
            inFlight.acquire();
            boolean isRedelivery = redelivery;
            if (delivery.firstSent == null) {
                delivery.firstSent = Instant.now();
            }
            delivery.attempts.incrementAndGet();
            post(gatewayUrl, delivery).whenComplete((answer, failure) -> {
                inFlight.release();
                int status = failure != null ? -1 : answer.statusCode();
                if (isRedelivery) {
                    redelivered.incrementAndGet();
                    if (status != 200) {
                        redeliveredOdd.incrementAndGet();
                    }
                    return;
                }
                if (status / 100 == 2) {
                    delivery.acceptedAt = Instant.now();
                    acceptedCount.incrementAndGet();
                    outstanding.decrementAndGet();
                    Delivery later = delivery.followUp ? null : followUps.get(delivery.order);
                    if (later != null) {
                        due.add(new Due(later, Duration.ofSeconds(2)));
                    }
                    if (Math.floorMod(delivery.order.id().hashCode() + (delivery.followUp ? 1 : 0), 20) == 0) {
                        redeliveries.add(delivery);
                    }
                } else if (status / 100 == 4 && status != 408 && status != 425 && status != 429) {
                    // the script sent something the gateway must refuse: a defect of the run, not a fault
                    refusals.merge(status, 1L, Long::sum);
                    rejected.incrementAndGet();
                    outstanding.decrementAndGet();
                } else {
                    retried.incrementAndGet();
                    refusals.merge(status, 1L, Long::sum);
                    due.add(new Due(delivery, retryAfter(answer)));
                }
            });
        }
        inFlight.acquire(MAX_IN_FLIGHT); // the last redeliveries' answers
        return new Sent(
                orders,
                all,
                retried.get(),
                redelivered.get(),
                redeliveredOdd.get(),
                rejected.get(),
                Map.copyOf(refusals),
                Duration.between(start, Instant.now()));
    }

    private static Duration retryAfter(HttpResponse<String> answer) {
        Optional<String> header =
                answer == null ? Optional.empty() : answer.headers().firstValue("Retry-After");
        try {
            return Duration.ofSeconds(
                    Math.min(10, Math.max(1, Long.parseLong(header.orElse("1").trim()))));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> post(String gatewayUrl, Delivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + delivery.path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body));
        delivery.headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Delivery delivery(Order order, boolean followUp, Instant now) {
        Merchant merchant = order.merchant();
        if (merchant.source() == Source.TIKTOK) {
            String body = tiktokBody(order, followUp, now);
            return new Delivery(
                    order,
                    followUp,
                    "/webhooks/tiktok/" + merchant.id(),
                    body,
                    Map.of("X-TikTok-Signature", DemoWebhook.sign(body, merchant.secret())));
        }
        String topic =
                !followUp ? "orders/paid" : order.followUp() == FollowUp.CANCEL ? "orders/cancelled" : "orders/updated";
        String body = shopifyBody(order, followUp, now);
        return new Delivery(
                order,
                followUp,
                "/webhooks/shopify/" + merchant.id(),
                body,
                Map.of(
                        "X-Shopify-Hmac-Sha256",
                        base64Hmac(body, merchant.secret()),
                        "X-Shopify-Topic",
                        topic,
                        "X-Shopify-Event-Id",
                        order.id() + (followUp ? "-2" : "-1")));
    }

    /** TikTok Shop's order status notification (the seed's shape): 111 paid, 140 cancelled. */
    private static String tiktokBody(Order order, boolean followUp, Instant now) {
        ObjectNode body = JSON.createObjectNode()
                .put("type", "ORDER_STATUS_CHANGE")
                .put("timestamp", now.getEpochSecond())
                .put("shop_id", order.merchant().id());
        ObjectNode data = body.putObject("data").put("order_id", order.id()).put("order_status", followUp ? 140 : 111);
        data.putObject("payment")
                .put("total_amount", order.totalMinor())
                .put("currency", order.merchant().currency());
        data.putObject("creator_info").put("creator_id", order.influencer().identifier());
        return JSON.writeValueAsString(body);
    }

    /** A Shopify order (paid; cancelled; or updated with one successful refund transaction). */
    private static String shopifyBody(Order order, boolean followUp, Instant now) {
        String currency = order.merchant().currency();
        int exponent = order.merchant().exponent();
        ObjectNode body = JSON.createObjectNode()
                .put("id", order.id())
                .put("currency", currency)
                .put("total_price", decimal(order.totalMinor(), exponent))
                .put("updated_at", now.plusSeconds(followUp ? 1 : 0).toString())
                .put(
                        "financial_status",
                        !followUp ? "paid" : order.followUp() == FollowUp.CANCEL ? "voided" : "partially_refunded");
        if (followUp && order.followUp() == FollowUp.CANCEL) {
            body.put("cancelled_at", now.plusSeconds(1).toString());
        }
        body.putArray("discount_codes")
                .addObject()
                .put("code", order.influencer().identifier())
                .put("amount", "0.00")
                .put("type", "fixed_amount");
        if (followUp && order.followUp() == FollowUp.REFUND) {
            ArrayNode refunds = body.putArray("refunds");
            ObjectNode refund =
                    refunds.addObject().put("id", order.id() + "-r1").put("processed_at", now.toString());
            refund.putArray("transactions")
                    .addObject()
                    .put("kind", "refund")
                    .put("status", "success")
                    .put("amount", decimal(order.refundMinor(), exponent));
        }
        return JSON.writeValueAsString(body);
    }

    /** Minor units as the decimal text a shop writes ("123.45"; "1500" in a currency without decimals). */
    static String decimal(long minor, int exponent) {
        return BigDecimal.valueOf(minor, exponent).toPlainString();
    }

    /** {@code numerator / denominator}, rounded half-up (both non-negative). */
    static long halfUp(long numerator, long denominator) {
        return (2 * numerator + denominator) / (2 * denominator);
    }

    private static String base64Hmac(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A delivery to send again once its delay is over. */
    private static final class Due implements Delayed {
        final Delivery delivery;
        final long at;

        Due(Delivery delivery, Duration delay) {
            this.delivery = delivery;
            this.at = System.nanoTime() + delay.toNanos();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
