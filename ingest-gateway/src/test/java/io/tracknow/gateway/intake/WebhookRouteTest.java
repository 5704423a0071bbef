package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.gateway.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one webhook route, {@code POST /webhooks/{source}/{merchantId}}, and what it says about a path no source posts to. */
class WebhookRouteTest extends GatewayTestSupport {

    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    @Test
    void everyShopAndProviderIsReachedThroughTheOneRouteAndNamedInTheLog() throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"route-secret\"]}");
        byte[] body = sample("shopify-orders-paid.json");
        HttpResponse<String> signedWrong = post(
                "/webhooks/shopify/" + merchant,
                body,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Shopify-Topic",
                        "orders/paid",
                        "X-Shopify-Hmac-Sha256",
                        base64Hmac("other", body)));
        // the route found the Shopify source (its signature scheme answered), for this merchant
        assertProblem(signedWrong, 401, "invalid-signature");
        HttpResponse<String> unconfigured = post("/webhooks/tiktok/" + merchant, utf8("{}"), JSON_BODY);
        assertProblem(unconfigured, 404, "unknown-merchant");
        assertThat(json(unconfigured).path("detail").asString()).contains("TIKTOK_SHOP");
        HttpResponse<String> provider = post("/webhooks/payments/cmi/" + merchant, utf8("{}"), JSON_BODY);
        assertProblem(provider, 404, "unknown-merchant");
        assertThat(json(provider).path("detail").asString()).contains("CMI");
    }

    @Test
    void aPathNoSourcePostsToIsA404ThatListsTheRoutes() throws Exception {
        HttpResponse<String> shop = post("/webhooks/ebay/m-1", utf8("{}"), JSON_BODY);
        assertProblem(shop, 404, "unknown-source");
        assertThat(json(shop).path("detail").asString()).contains("tiktok", "shopify", "woocommerce", "payments/cmi");

        HttpResponse<String> provider = post("/webhooks/payments/paypal/m-1", utf8("{}"), JSON_BODY);
        assertProblem(provider, 404, "unknown-provider");
        assertThat(json(provider).path("detail").asString())
                .contains("paypal", "cmi", "wave")
                .doesNotContain("shopify");

        assertProblem(post("/webhooks/shopify", utf8("{}"), JSON_BODY), 404, "unknown-source");
        assertProblem(post("/webhooks/shopify/m-1/extra", utf8("{}"), JSON_BODY), 404, "unknown-source");
        HttpResponse<String> unnamed = post("/webhooks/payments/m-1", utf8("{}"), JSON_BODY);
        assertProblem(unnamed, 404, "unknown-provider");
        assertThat(json(unnamed).path("detail").asString()).startsWith("no payment provider named; use one of [");
    }
}
