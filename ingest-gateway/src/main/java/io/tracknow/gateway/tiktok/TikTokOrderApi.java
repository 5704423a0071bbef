package io.tracknow.gateway.tiktok;

import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.netty.channel.ChannelOption;
import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.gateway.credentials.CredentialStore;
import io.tracknow.gateway.credentials.MerchantCredential;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls TikTok Shop's Get Order Detail API ({@code GET /order/202309/orders?ids=...}) for a thin
 * notification, and its Search Returns API for a completed return (the refunded amount). Only the
 * configured base URL is called and only if its host is on the allow-list
 * (by default open-api{,-sg,-eu}.tiktokglobalshop.com), so a credential or config cannot turn the
 * gateway into a proxy to internal hosts. Each attempt has connect and read timeouts; timeouts, I/O
 * errors and 5xx are retried with exponential backoff (Resilience4j), 4xx and API errors are not.
 * Credentials: the merchant's TIKTOK_SHOP credential gives the app key and app secret; its
 * TIKTOK_SHOP_API credential holds the shop's access token (secret) and shop cipher (appKey field).
 */
@Component
public class TikTokOrderApi {

    static final String PATH = "/order/202309/orders";
    static final String RETURNS_PATH = "/return_refund/202309/returns/search";

    /** Why an order detail could not be had: the delivery is answered 503, so TikTok retries later. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final GatewayProperties.TikTokApi config;
    private final CredentialStore credentials;
    private final JsonMapper json;
    private final Clock clock;
    private final WebClient web;
    private final Retry retry;

    public TikTokOrderApi(GatewayProperties properties, CredentialStore credentials, JsonMapper json, Clock clock) {
        this.config = properties.tiktokApi();
        this.credentials = credentials;
        this.json = json;
        this.clock = clock;
        requireAllowed(config.baseUrl());
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        config.connectTimeout().toMillis())
                .responseTimeout(config.readTimeout());
        this.web = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
        this.retry = Retry.of(
                "tiktok-order-detail",
                RetryConfig.custom()
                        .maxAttempts(config.maxAttempts())
                        .intervalFunction(io.github.resilience4j.core.IntervalFunction.ofExponentialBackoff(
                                config.backoff(), 2.0))
                        .retryOnException(TikTokOrderApi::transientFailure)
                        .build());
    }

    /**
     * The order object of the API's answer ({@code data.orders[0]}). The two credential reads run one
     * after the other and each reads its rows to the end: cancelling an R2DBC query in flight (what
     * {@code next()} or a failing {@code Mono.zip} partner does) can leave the pooled connection hanging
     * for its next user (a known r2dbc-postgresql issue).
     */
    public Mono<JsonNode> orderDetail(String merchantId, String orderId) {
        return signedCall(merchantId, "order detail for " + orderId, PATH, Map.of("ids", orderId), null)
                .map(data -> {
                    JsonNode order = data.path("orders").path(0);
                    if (!order.isObject()) {
                        throw new Unavailable("TikTok Shop API returned no order", null);
                    }
                    return order;
                });
    }

    /**
     * The order's returns and refunds ({@code data.return_orders}, each with its {@code return_id},
     * {@code return_status} and {@code refund_amount}) from TikTok Shop's Search Returns API
     * ({@code POST /return_refund/202309/returns/search}, body {@code {"order_ids": [id]}}).
     */
    public Mono<JsonNode> returns(String merchantId, String orderId) {
        String body = json.writeValueAsString(Map.of("order_ids", java.util.List.of(orderId)));
        return signedCall(merchantId, "returns of " + orderId, RETURNS_PATH, Map.of(), body)
                .map(data -> data.path("return_orders"));
    }

    private Mono<JsonNode> signedCall(
            String merchantId, String what, String path, Map<String, String> params, String body) {
        return credentials.active(merchantId, TikTokSource.SOURCE).collectList().flatMap(apps -> {
            MerchantCredential app = apps.stream()
                    .filter(c -> !c.appKey().isBlank())
                    .findFirst()
                    .orElseThrow(() -> new Unavailable(
                            "merchant " + merchantId
                                    + " has no TikTok Shop credential with an app key to sign API calls",
                            null));
            return credentials
                    .active(merchantId, "TIKTOK_SHOP_API")
                    .collectList()
                    .flatMap(tokens -> {
                        if (tokens.isEmpty()) {
                            return Mono.error(new Unavailable(
                                    "merchant " + merchantId
                                            + " has no TikTok Shop API access token (credential source TIKTOK_SHOP_API)",
                                    null));
                        }
                        return call(app, tokens.getFirst(), what, path, params, body);
                    });
        });
    }

    private Mono<JsonNode> call(
            MerchantCredential app,
            MerchantCredential token,
            String what,
            String path,
            Map<String, String> params,
            String body) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("app_key", app.appKey());
        query.putAll(params);
        query.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
        if (!token.appKey().isBlank()) {
            query.put("shop_cipher", token.appKey());
        }
        query.put("sign", TikTokApiSigner.sign(app.secret(), path, query, body));
        UriComponentsBuilder uri =
                UriComponentsBuilder.fromUri(config.baseUrl()).path(path);
        query.forEach(uri::queryParam);
        URI target = uri.encode().build().toUri();
        requireAllowed(target);
        WebClient.RequestBodySpec request = web.method(body == null ? HttpMethod.GET : HttpMethod.POST)
                .uri(target)
                .header("x-tts-access-token", token.secret())
                .header("Content-Type", "application/json");
        WebClient.RequestHeadersSpec<?> spec = body == null ? request : request.bodyValue(body);
        return spec.retrieve()
                .bodyToMono(String.class)
                .timeout(config.readTimeout())
                .transformDeferred(RetryOperator.of(retry))
                .map(this::data)
                .onErrorMap(
                        e -> !(e instanceof Unavailable),
                        e -> new Unavailable("TikTok Shop " + what + " failed: " + e, e));
    }

    private JsonNode data(String answer) {
        JsonNode root = json.readTree(answer);
        if (root.path("code").asInt(-1) != 0) {
            throw new Unavailable(
                    "TikTok Shop API answered code " + root.path("code").asString() + ": "
                            + root.path("message").asString(),
                    null);
        }
        return root.path("data");
    }

    private static boolean transientFailure(Throwable e) {
        if (e instanceof WebClientResponseException response) {
            return response.getStatusCode().is5xxServerError();
        }
        return e instanceof TimeoutException
                || e instanceof IOException
                || e.getCause() instanceof IOException
                || e.getCause() instanceof TimeoutException;
    }

    private void requireAllowed(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!config.allowedHosts().contains(host)) {
            throw new IllegalStateException(
                    "TikTok Shop API host " + host + " is not on the allow-list " + config.allowedHosts());
        }
    }
}
