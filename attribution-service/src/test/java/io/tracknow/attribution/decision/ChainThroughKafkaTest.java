package io.tracknow.attribution.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.AttributionIntegrationTest;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.sales.AttributionRule;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleUnattributed;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The priority chain against the real identifiers in PostgreSQL, orders.v1 in and sales.v1 out. */
class ChainThroughKafkaTest extends AttributionIntegrationTest {

    @Test
    void matchesStoredIdentifiersTrimmedAndWithoutCase() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        creatorIds(influencer, "TikTok_Creator_ABC");
        String orderId = unique("order");

        publish(order(merchant, orderId, OrderStatus.PAID, Instant.now(), hints().setCreatorId("  tiktok_creator_abc "))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
            assertThat(a.getHintValue()).isEqualTo("tiktok_creator_abc");
        });
    }

    @Test
    void anotherMerchantsCodesNeverMatchAndUnknownOnesFallThrough() throws Exception {
        String merchantA = unique("shop-a");
        String merchantB = unique("shop-b");
        String ofA = unique("inf-a");
        String ofB = unique("inf-b");
        influencer(merchantA, ofA, "\"utmCampaign\":\"campaign_a\"");
        influencer(merchantB, ofB, null);
        creatorIds(ofA, "creator_a");
        promoCode(ofA, "CODE_A");
        trackingSettings(merchantA, null, "shop-a.example");
        trackingSettings(merchantB, null, "shop-b.example");
        String linkOfA = link(merchantA, ofA, "https://shop-a.example/");
        String linkOfB = link(merchantB, ofB, "https://shop-b.example/");
        String clickOfA = click(linkOfA);
        String orderId = unique("order");

        publish(order(
                        merchantB,
                        orderId,
                        OrderStatus.PAID,
                        Instant.now(),
                        hints().setCreatorId("creator_a")
                                .setPromoCodes(List.of("CODE_A", "UNKNOWN9"))
                                .setUtmSource(linkOfA)
                                .setUtmCampaign("campaign_a")
                                .setClickId(clickOfA)
                                .setBuyerNote("TRACK:" + linkOfB))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getInfluencerId()).isEqualTo(ofB);
            assertThat(a.getRule()).isEqualTo(AttributionRule.BUYER_NOTE);
            assertThat(a.getHintValue()).isEqualTo(linkOfB);
        });
        JsonNode candidates = decision(merchantB, orderId).path("candidates");
        assertThat(candidates).hasSize(7);
        for (JsonNode candidate : candidates) {
            String expected = candidate.path("rule").asString().equals("BUYER_NOTE") ? "WON" : "NO_MATCH";
            assertThat(candidate.path("verdict").asString())
                    .as(candidate.toString())
                    .isEqualTo(expected);
        }
    }

    @Test
    void anOrderOnlyOtherMerchantsHintsMatchIsPublishedUnattributed() throws Exception {
        String merchantA = unique("shop-a");
        String ofA = unique("inf-a");
        influencer(merchantA, ofA, null);
        promoCode(ofA, "ONLY_A");
        String orderId = unique("order");
        String merchantB = unique("shop-b");

        publish(order(merchantB, orderId, OrderStatus.PAID, Instant.now(), hints().setPromoCodes(List.of("ONLY_A")))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent())
                .isInstanceOfSatisfying(
                        SaleUnattributed.class, u -> assertThat(u.getReason()).contains("no attribution hint matched"));
        JsonNode decision = decision(merchantB, orderId);
        assertThat(decision.path("influencerId").isNull()).isTrue();
        assertThat(decision.path("candidates").get(0).path("verdict").asString())
                .isEqualTo("NO_MATCH");
    }

    @Test
    void utmCampaignIdentifiesTheInfluencerWhoseLinksCarryIt() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, "\"utmCampaign\":\"Spring_Drop\"");
        String orderId = unique("order");

        publish(order(
                        merchant,
                        orderId,
                        OrderStatus.PAID,
                        Instant.now(),
                        hints().setUtmSource("NOT-A-CODE").setUtmCampaign("spring_drop"))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getRule()).isEqualTo(AttributionRule.UTM_CAMPAIGN);
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
        });
    }

    @Test
    void aClickThenAnOrderInsideTheWindowAttributesByTheClickOrTheCookieValue() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        String code = linkedInfluencer(merchant, influencer, "https://shop.example/");
        String byClickId = unique("order");
        String byCookie = unique("order");
        String clickId = click(code);
        String cookieClickId = click(code);

        publish(order(
                        merchant,
                        byClickId,
                        OrderStatus.PAID,
                        Instant.now().plus(Duration.ofDays(29)),
                        hints().setClickId(clickId))
                .build());
        publish(order(
                        merchant,
                        byCookie,
                        OrderStatus.PAID,
                        Instant.now().plus(Duration.ofDays(2)),
                        hints().setCartAttributes(Map.of("tn_click", cookieClickId)))
                .build());

        assertAttributedByClick(byClickId, influencer, clickId);
        assertAttributedByClick(byCookie, influencer, cookieClickId);
    }

    private void assertAttributedByClick(String orderId, String influencer, String clickId) {
        assertThat(awaitFirstSale(orderId).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getRule()).isEqualTo(AttributionRule.CLICK_ID);
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
            assertThat(a.getHintValue()).isEqualTo(clickId);
        });
    }

    /**
     * The shop cannot read our HttpOnly cookie, so the click id goes back through the redirect's URL:
     * Shopify keeps it in landing_site, which ingest-gateway maps to hints.clickId; a WooCommerce shop
     * stores it as the meta_data entry click_id, which arrives as hints.clickId and a cart attribute.
     */
    @Test
    void theClickIdTheRedirectPutsInTheUrlAttributesTheOrderThatCarriesItBack() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        String code = linkedInfluencer(merchant, influencer, "https://shop.example/p/1?ref=bio#top");
        String shopify = unique("order");
        String woo = unique("order");

        String fromShopifyLanding = clickIdInLocation(code);
        String fromWooMeta = clickIdInLocation(code);
        publish(order(
                        merchant,
                        shopify,
                        OrderStatus.PAID,
                        Instant.now().plusSeconds(60),
                        hints().setUtmSource("NOT-A-CODE").setClickId(fromShopifyLanding))
                .build());
        publish(order(
                        merchant,
                        woo,
                        OrderStatus.PAID,
                        Instant.now().plusSeconds(60),
                        hints().setCartAttributes(Map.of("click_id", fromWooMeta)))
                .build());

        assertAttributedByClick(shopify, influencer, fromShopifyLanding);
        assertAttributedByClick(woo, influencer, fromWooMeta);
    }

    @Test
    void aClickIdInAnotherCaseStillMatches() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        trackingSettings(merchant, null, "shop.example");
        String clickId = click(link(merchant, influencer, "https://shop.example/"));
        String orderId = unique("order");

        publish(order(
                        merchant,
                        orderId,
                        OrderStatus.PAID,
                        Instant.now().plusSeconds(60),
                        hints().setClickId(" " + clickId.toUpperCase(Locale.ROOT) + " "))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getRule()).isEqualTo(AttributionRule.CLICK_ID);
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
        });
    }

    /** Follows the link and reads the click id from the redirect's Location, as the shop's landing page sees it. */
    private String clickIdInLocation(String code) throws Exception {
        HttpResponse<String> response = send("GET", "/r/" + code, null, null);
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        String clickId =
                URLDecoder.decode(location.replaceAll("^.*[?&]click_id=([^&#]*).*$", "$1"), StandardCharsets.UTF_8);
        assertThat(location).contains("ref=bio").endsWith("#top");
        assertThat(clickId).isEqualTo(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')));
        return clickId;
    }

    @Test
    void aClickOutsideTheDefaultWindowDoesNotCount() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        trackingSettings(merchant, null, "shop.example");
        String clickId = click(link(merchant, influencer, "https://shop.example/"));
        String orderId = unique("order");

        publish(order(
                        merchant,
                        orderId,
                        OrderStatus.PAID,
                        Instant.now().plus(Duration.ofDays(31)),
                        hints().setClickId(clickId))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent()).isInstanceOf(SaleUnattributed.class);
        JsonNode candidate = decision(merchant, orderId).path("candidates").get(0);
        assertThat(candidate.path("verdict").asString()).isEqualTo("OUTSIDE_WINDOW");
        assertThat(candidate.path("explanation").asString()).contains("30 days");
    }

    @Test
    void theMerchantsOwnWindowReplacesTheDefault() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        trackingSettings(merchant, 7, "shop.example");
        String code = link(merchant, influencer, "https://shop.example/");
        String inside = unique("order");
        String outside = unique("order");
        String clickId = click(code);

        publish(order(
                        merchant,
                        inside,
                        OrderStatus.PAID,
                        Instant.now().plus(Duration.ofDays(6)),
                        hints().setClickId(clickId))
                .build());
        publish(order(
                        merchant,
                        outside,
                        OrderStatus.PAID,
                        Instant.now().plus(Duration.ofDays(8)),
                        hints().setClickId(clickId))
                .build());

        assertThat(awaitFirstSale(inside).getEvent()).isInstanceOf(SaleAttributed.class);
        assertThat(awaitFirstSale(outside).getEvent()).isInstanceOf(SaleUnattributed.class);
        assertThat(decision(merchant, outside)
                        .path("candidates")
                        .get(0)
                        .path("explanation")
                        .asString())
                .contains("7 days");
    }
}
