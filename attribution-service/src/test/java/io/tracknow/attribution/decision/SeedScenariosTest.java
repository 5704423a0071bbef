package io.tracknow.attribution.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.AttributionIntegrationTest;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.sales.AttributionRule;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The three TikTok Shop attribution scenarios of the sample order (creator id, promo code, utm_source;
 * docs/attribution-service.md, "The priority chain"), from the orders.v1 event ingest-gateway publishes for
 * the signed webhook (the same OrderReported its TikTokOrderMapper builds) to sales.v1.
 */
class SeedScenariosTest extends AttributionIntegrationTest {

    @Test
    void scenario1CreatorMarketplaceAttributesByTheTikTokCreatorIdAndExplainsEveryOtherHint() throws Exception {
        String merchant = unique("seed1");
        String influencer = unique("creator");
        String rival = unique("rival");
        influencer(merchant, influencer, null);
        influencer(merchant, rival, null);
        creatorIds(influencer, "tiktok_creator_123");
        promoCode(rival, "TIKTOK123");
        String orderId = unique("987654321");

        publish(order(
                        merchant,
                        orderId,
                        OrderStatus.PAID,
                        Instant.now(),
                        hints().setCreatorId("tiktok_creator_123")
                                .setPromoCodes(List.of("TIKTOK123"))
                                .setUtmSource("ABC12345")
                                .setUtmMedium("social")
                                .setUtmCampaign("summer_sale")
                                .setClickId("click_123"))
                .build());

        SaleEvent sale = awaitFirstSale(orderId);
        assertThat(sale.getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
            assertThat(a.getRule()).isEqualTo(AttributionRule.CREATOR_ID);
            assertThat(a.getHintValue()).isEqualTo("tiktok_creator_123");
            assertThat(a.getFraudFlag()).isNull();
        });
        assertThat(sale.getTotalMinor()).isEqualTo(12550);
        assertThat(sale.getCurrency()).isEqualTo("USD");

        JsonNode decision = decision(merchant, orderId);
        assertThat(decision.path("influencerId").asString()).isEqualTo(influencer);
        assertThat(decision.path("rule").asString()).isEqualTo("CREATOR_ID");
        assertThat(decision.path("hintValue").asString()).isEqualTo("tiktok_creator_123");
        JsonNode candidates = decision.path("candidates");
        assertThat(candidates).hasSize(5);
        assertThat(candidates.get(0).path("verdict").asString()).isEqualTo("WON");
        assertThat(candidates.get(1).path("rule").asString()).isEqualTo("PROMO_CODE");
        assertThat(candidates.get(1).path("verdict").asString()).isEqualTo("OUTRANKED");
        assertThat(candidates.get(1).path("influencerId").asString()).isEqualTo(rival);
        assertThat(candidates.get(2).path("rule").asString()).isEqualTo("UTM_SOURCE");
        assertThat(candidates.get(2).path("verdict").asString()).isEqualTo("NO_MATCH");
        assertThat(candidates.get(4).path("rule").asString()).isEqualTo("CLICK_ID");
        assertThat(candidates.get(4).path("verdict").asString()).isEqualTo("NO_MATCH");
    }

    @Test
    void scenario2PromoCodeAttributesByARegisteredCodeOrTheInfluencersShortCode() throws Exception {
        String merchant = unique("seed2");
        String influencer = unique("promo");
        String shortCode = linkedInfluencer(merchant, influencer, "https://shop.example/");
        promoCode(influencer, "TIKTOK123");

        String byPromo = unique("order");
        publish(order(merchant, byPromo, OrderStatus.PAID, Instant.now(), hints().setPromoCodes(List.of("TIKTOK123")))
                .build());
        String byShortCode = unique("order");
        publish(order(
                        merchant,
                        byShortCode,
                        OrderStatus.PAID,
                        Instant.now(),
                        hints().setPromoCodes(List.of(" " + shortCode.toLowerCase() + " ")))
                .build());

        assertThat(awaitFirstSale(byPromo).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
            assertThat(a.getRule()).isEqualTo(AttributionRule.PROMO_CODE);
            assertThat(a.getHintValue()).isEqualTo("TIKTOK123");
        });
        assertThat(awaitFirstSale(byShortCode).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
            assertThat(a.getRule()).isEqualTo(AttributionRule.PROMO_CODE);
            assertThat(a.getHintValue()).isEqualTo(shortCode.toLowerCase());
        });
    }

    @Test
    void scenario3UtmLinkInBioAttributesByUtmSourceAfterTheRedirect() throws Exception {
        String merchant = unique("seed3");
        String influencer = unique("bio");
        influencer(merchant, influencer, "\"utmMedium\":\"social\"");
        trackingSettings(merchant, null, "shop.example");
        String shortCode = link(merchant, influencer, "https://shop.example/product/1");

        HttpResponse<String> redirect = send("GET", "/r/" + shortCode, null, null);
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location)
                .startsWith(
                        "https://shop.example/product/1?utm_source=" + shortCode + "&utm_medium=social" + "&click_id=");

        String orderId = unique("order");
        publish(order(
                        merchant,
                        orderId,
                        OrderStatus.PAID,
                        Instant.now(),
                        hints().setUtmSource(shortCode).setUtmMedium("social"))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
            assertThat(a.getRule()).isEqualTo(AttributionRule.UTM_SOURCE);
            assertThat(a.getHintValue()).isEqualTo(shortCode);
        });
    }
}
