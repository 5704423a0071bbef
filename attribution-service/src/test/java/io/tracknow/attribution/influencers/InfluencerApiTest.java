package io.tracknow.attribution.influencers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.AttributionIntegrationTest;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InfluencerApiTest extends AttributionIntegrationTest {

    @Test
    void createsAnInfluencerAndLinksCreatorIdsAndPromoCodes() throws Exception {
        String merchant = unique("shop");
        JsonNode created = ok(send("POST", "/api/influencers", OPERATOR, """
                {"merchantId": "%s", "displayName": "Nora", "email": " Nora@Example.com ", "utmMedium": "social"}
                """.formatted(merchant)), 201);
        String id = created.path("id").asString();
        assertThat(id).startsWith("inf-");
        assertThat(created.path("emailRegistered").asBoolean()).isTrue();
        assertThat(created.toString()).doesNotContain("Nora@Example.com");

        ok(
                send(
                        "PUT",
                        "/api/influencers/" + id + "/social-accounts",
                        OPERATOR,
                        "{\"tiktok_creator_id\": \"tiktok_creator_123\", \"tiktok_username\": \"@nora\"}"),
                200);
        ok(send("POST", "/api/influencers/" + id + "/promo-codes", OPERATOR, "{\"code\": \"NORA10\"}"), 201);
        JsonNode replaced = ok(
                send(
                        "PUT",
                        "/api/influencers/" + id + "/social-accounts",
                        OPERATOR,
                        "{\"tiktokCreatorIds\": [\"nora_main\", \"nora_live\"]}"),
                200);

        assertThat(replaced.path("tiktokCreatorIds").toString()).isEqualTo("[\"nora_live\",\"nora_main\"]");
        JsonNode read = ok(send("GET", "/api/influencers/" + id, OPERATOR, null), 200);
        assertThat(read.path("promoCodes").toString()).isEqualTo("[\"NORA10\"]");
        assertThat(read.path("utmMedium").asString()).isEqualTo("social");
    }

    @Test
    void anIdentifierOfAnotherInfluencerOfTheSameMerchantIsAConflict() throws Exception {
        String merchant = unique("shop");
        String first = unique("inf");
        String second = unique("inf");
        influencer(merchant, first, null);
        influencer(merchant, second, null);
        creatorIds(first, "shared_creator");
        promoCode(first, "SHARED10");

        assertProblem(
                send(
                        "PUT",
                        "/api/influencers/" + second + "/social-accounts",
                        OPERATOR,
                        "{\"tiktokCreatorIds\": [\" SHARED_creator \"]}"),
                409,
                "identifier-taken");
        assertProblem(
                send("POST", "/api/influencers/" + second + "/promo-codes", OPERATOR, "{\"code\": \"shared10\"}"),
                409,
                "identifier-taken");
        assertProblem(
                send(
                        "POST",
                        "/api/influencers",
                        OPERATOR,
                        "{\"merchantId\": \"%s\", \"id\": \"%s\", \"displayName\": \"again\"}"
                                .formatted(merchant, first)),
                409,
                "influencer-exists");
        // the same identifiers at another merchant are fine
        String elsewhere = unique("inf");
        influencer(unique("other-shop"), elsewhere, null);
        creatorIds(elsewhere, "shared_creator");
        promoCode(elsewhere, "SHARED10");
    }

    @Test
    void rejectsBadInputWithProblemJson() throws Exception {
        String merchant = unique("shop");
        String id = unique("inf");
        influencer(merchant, id, null);

        assertProblem(
                send("POST", "/api/influencers", OPERATOR, "{\"merchantId\": \"" + merchant + "\"}"),
                400,
                "invalid-request");
        assertProblem(send("POST", "/api/influencers", OPERATOR, "{\"displayName\": \"x\"}"), 400, "invalid-request");
        assertProblem(
                send(
                        "POST",
                        "/api/influencers",
                        OPERATOR,
                        "{\"merchantId\": \"" + merchant + "\", \"displayName\": \"x\", \"email\": \"not-an-email\"}"),
                400,
                "invalid-request");
        assertProblem(
                send(
                        "POST",
                        "/api/influencers",
                        OPERATOR,
                        "{\"merchantId\": \"" + merchant + "\", \"id\": \"has space\", \"displayName\": \"x\"}"),
                400,
                "invalid-request");
        assertProblem(send("POST", "/api/influencers", OPERATOR, "{\"merchantId\": "), 400, "invalid-request");
        assertProblem(send("POST", "/api/influencers", OPERATOR, "[1, 2]"), 400, "invalid-request");
        assertProblem(
                send("PUT", "/api/influencers/" + id + "/social-accounts", OPERATOR, "{}"), 400, "invalid-request");
        assertProblem(
                send("PUT", "/api/influencers/" + id + "/social-accounts", OPERATOR, "{\"tiktokCreatorIds\": [\"\"]}"),
                400,
                "invalid-request");
        assertProblem(
                send("POST", "/api/influencers/" + id + "/promo-codes", OPERATOR, "{\"code\": \"a b\"}"),
                400,
                "invalid-request");
        assertProblem(
                send("POST", "/api/influencers/" + id + "/promo-codes", OPERATOR, "{\"code\": \"AB\"}"),
                400,
                "invalid-request");
        assertProblem(
                send("POST", "/api/influencers/no-such-influencer/promo-codes", OPERATOR, "{\"code\": \"ABC\"}"),
                404,
                "unknown-influencer");
    }

    @Test
    void requiresTheOperatorsOrTheMerchantsOwnToken() throws Exception {
        String body = "{\"merchantId\": \"shop-a\", \"displayName\": \"x\"}";
        assertProblem(send("POST", "/api/influencers", null, body), 401, "unauthorized");
        assertThat(send("POST", "/api/influencers", null, body).headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        assertProblem(send("POST", "/api/influencers", "wrong", body), 401, "unauthorized");
        ok(send("POST", "/api/influencers", SHOP_A_TOKEN, body), 201);
        assertProblem(
                send("POST", "/api/influencers", SHOP_A_TOKEN, "{\"merchantId\": \"shop-b\", \"displayName\": \"x\"}"),
                404,
                "not-found");

        assertProblem(send("GET", "/api/influencers/" + unique("inf"), null, null), 401, "unauthorized");
    }

    /** 404 rather than 403: a merchant must not learn which influencer ids exist at other merchants. */
    @Test
    void anotherMerchantsInfluencerLooksUnknownToAMerchantToken() throws Exception {
        String ofB = unique("inf");
        influencer("shop-b", ofB, null);

        HttpResponse<String> foreign = send("GET", "/api/influencers/" + ofB, SHOP_A_TOKEN, null);
        HttpResponse<String> unknown = send("GET", "/api/influencers/" + ofB + "-nobody", SHOP_A_TOKEN, null);
        assertProblem(foreign, 404, "unknown-influencer");
        assertProblem(unknown, 404, "unknown-influencer");
        assertThat(foreign.body().replace(ofB, "ID")).isEqualTo(unknown.body().replace(ofB + "-nobody", "ID"));
        assertProblem(
                send("POST", "/api/influencers/" + ofB + "/promo-codes", SHOP_A_TOKEN, "{\"code\": \"STEAL\"}"),
                404,
                "unknown-influencer");
        assertProblem(
                send(
                        "PUT",
                        "/api/influencers/" + ofB + "/social-accounts",
                        SHOP_A_TOKEN,
                        "{\"tiktokCreatorIds\": [\"stolen\"]}"),
                404,
                "unknown-influencer");
        assertProblem(send("GET", "/api/influencers/" + ofB, null, null), 401, "unauthorized");

        JsonNode untouched = ok(send("GET", "/api/influencers/" + ofB, OPERATOR, null), 200);
        assertThat(untouched.path("promoCodes")).isEmpty();
        assertThat(untouched.path("tiktokCreatorIds")).isEmpty();
        String ofA = unique("inf");
        influencer("shop-a", ofA, null);
        ok(send("GET", "/api/influencers/" + ofA, SHOP_A_TOKEN, null), 200);
    }

    /** The chain tries promo codes before short codes: such a promo code would take the link owner's orders. */
    @Test
    void aPromoCodeSpelledLikeAnotherInfluencersShortCodeIsAConflict() throws Exception {
        String merchant = unique("shop");
        String owner = unique("inf");
        String hijacker = unique("inf");
        influencer(merchant, owner, null);
        influencer(merchant, hijacker, null);
        trackingSettings(merchant, null, "shop.example");
        String code = link(merchant, owner, "https://shop.example/");

        assertProblem(
                send(
                        "POST",
                        "/api/influencers/" + hijacker + "/promo-codes",
                        OPERATOR,
                        "{\"code\": \" " + code.toLowerCase(Locale.ROOT) + " \"}"),
                409,
                "identifier-taken");
        assertThat(ok(send("GET", "/api/influencers/" + hijacker, OPERATOR, null), 200)
                        .path("promoCodes"))
                .isEmpty();

        // the link's own influencer may use it as a promo code, and so may another merchant's influencer
        promoCode(owner, code);
        String elsewhere = unique("inf");
        influencer(unique("other-shop"), elsewhere, null);
        promoCode(elsewhere, code);
    }
}
