package io.tracknow.attribution.clicks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.attribution.AttributionIntegrationTest;
import io.tracknow.attribution.links.ShortCodes;
import io.tracknow.events.clicks.LinkClicked;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TrackingLinkTest extends AttributionIntegrationTest {

    private static TopicProbe<LinkClicked> clicks;

    @BeforeAll
    static void openClicks() {
        clicks = TopicProbe.avro(Topics.CLICKS);
    }

    @AfterAll
    static void closeClicks() {
        clicks.close();
    }

    @Test
    void createsALinkWithAShortCodeOfTheUnambiguousAlphabet() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        trackingSettings(merchant, null, "shop.example");

        JsonNode created = ok(
                send(
                        "POST",
                        "/api/tracking-links",
                        OPERATOR,
                        JSON.writeValueAsString(Map.of(
                                "merchantId",
                                merchant,
                                "influencerId",
                                influencer,
                                "destinationUrl",
                                "https://www.shop.example/p/1"))),
                201);

        String code = created.path("shortCode").asString();
        assertThat(code).matches("[" + ShortCodes.ALPHABET + "]{8}");
        assertThat(created.path("trackingUrl").asString()).isEqualTo("https://trk.example/r/" + code);
    }

    @Test
    void theRedirectAppendsUtmToTheQueryKeepsTheFragmentSetsTheCookieAndPublishesTheClick() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, "\"utmMedium\":\"social\",\"utmCampaign\":\"summer sale\"");
        trackingSettings(merchant, null, "shop.example");
        String code = link(merchant, influencer, "https://shop.example/p?id=7&utm_source=old#reviews");

        HttpResponse<String> response = send("GET", "/r/" + code.toLowerCase(), null, null);

        assertThat(response.statusCode()).isEqualTo(302);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("tn_click=").contains("Max-Age=2592000", "Path=/", "HttpOnly", "SameSite=Lax");
        String clickId = cookie.substring("tn_click=".length(), cookie.indexOf(';'));
        assertThat(clickId).isNotBlank();
        assertThat(response.headers().firstValue("Location"))
                .contains("https://shop.example/p?id=7&utm_source=" + code
                        + "&utm_medium=social&utm_campaign=summer%20sale&click_id=" + clickId + "#reviews");

        LinkClicked published = await().atMost(Duration.ofSeconds(30))
                .until(() -> clicks.values(c -> c.getClickId().equals(clickId)), list -> !list.isEmpty())
                .getFirst();
        assertThat(published.getShortCode()).isEqualTo(code);
        assertThat(published.getMerchantId()).isEqualTo(merchant);
        assertThat(published.getInfluencerId()).isEqualTo(influencer);
        assertThat(published.getIpSha256()).hasSize(64).doesNotContain("127.0.0.1");
        assertThat(clicks.records().stream()
                        .filter(r -> r.value().getClickId().equals(clickId))
                        .findFirst()
                        .orElseThrow()
                        .key())
                .isEqualTo(code);
    }

    @Test
    void anUnknownCodeIsA404PageAndPublishesNothing() throws Exception {
        HttpResponse<String> response = send("GET", "/r/ZZZZ9999", null, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(response.body()).contains("Link not found");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();

        // a real click published after it is on the topic, and nothing for the unknown code is
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        trackingSettings(merchant, null, "shop.example");
        String clickId = click(link(merchant, influencer, "https://shop.example/"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> clicks.values(c -> c.getClickId().equals(clickId)), l -> !l.isEmpty());
        assertThat(clicks.values(c -> c.getShortCode().equals("ZZZZ9999"))).isEmpty();
    }

    @Test
    void aHeadRequestRedirectsButIsNotAClick() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        String code = linkedInfluencer(merchant, influencer, "https://shop.example/");

        HttpResponse<String> head = send("HEAD", "/r/" + code, null, null);

        assertThat(head.statusCode()).isEqualTo(302);
        // no click, so no click id in the URL either
        assertThat(head.headers().firstValue("Location")).contains("https://shop.example/?utm_source=" + code);
        assertThat(head.headers().firstValue("Set-Cookie")).isEmpty();
        String clickId = click(code);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> clicks.values(c -> c.getClickId().equals(clickId)), l -> !l.isEmpty());
        assertThat(clicks.values(c -> c.getShortCode().equals(code))).hasSize(1);
    }

    @Test
    void refusesDestinationsOutsideTheMerchantsAllowedDomains() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);

        assertProblem(newLink(merchant, influencer, "https://shop.example/"), 422, "destination-not-allowed");
        trackingSettings(merchant, null, "shop.example");
        for (String url : List.of(
                "https://evil.example/",
                "https://shop.example.evil.example/",
                "javascript:alert(1)",
                "ftp://shop.example/",
                "//evil.example/",
                "https://user@shop.example/")) {
            assertProblem(newLink(merchant, influencer, url), 422, "destination-not-allowed");
        }
        assertProblem(newLink(merchant, influencer, null), 400, "invalid-request");
        assertProblem(newLink(merchant, "someone-else", "https://shop.example/"), 404, "unknown-influencer");
        String other = unique("inf");
        influencer(unique("other-shop"), other, null);
        assertProblem(newLink(merchant, other, "https://shop.example/"), 404, "unknown-influencer");
    }

    @Test
    void rejectsBadTrackingSettings() throws Exception {
        String merchant = unique("shop");
        assertProblem(
                send(
                        "PUT",
                        "/api/merchants/" + merchant + "/tracking-settings",
                        OPERATOR,
                        "{\"allowedDomains\": [\"https://shop.example/x\"]}"),
                400,
                "invalid-request");
        assertProblem(
                send(
                        "PUT",
                        "/api/merchants/" + merchant + "/tracking-settings",
                        OPERATOR,
                        "{\"allowedDomains\": [\"shop.example\"], \"attributionWindowDays\": 0}"),
                400,
                "invalid-request");
        assertProblem(
                send("PUT", "/api/merchants/" + merchant + "/tracking-settings", OPERATOR, "{}"),
                400,
                "invalid-request");
        assertProblem(
                send(
                        "PUT",
                        "/api/merchants/" + merchant + "/tracking-settings",
                        null,
                        "{\"allowedDomains\": [\"shop.example\"]}"),
                401,
                "unauthorized");
        trackingSettings(merchant, 14, "Shop.Example");
        JsonNode read = ok(send("GET", "/api/merchants/" + merchant + "/tracking-settings", OPERATOR, null), 200);
        assertThat(read.path("allowedDomains").toString()).isEqualTo("[\"shop.example\"]");
        assertThat(read.path("attributionWindowDays").asInt()).isEqualTo(14);
    }

    @Test
    void concurrentCreationsNeverShareAShortCode() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        trackingSettings(merchant, null, "shop.example");
        List<CompletableFuture<String>> created = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 40; i++) {
                created.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return link(merchant, influencer, "https://shop.example/");
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        pool));
            }
        }
        List<String> codes = created.stream().map(CompletableFuture::join).toList();
        assertThat(new HashSet<>(codes)).hasSize(40);
    }

    private HttpResponse<String> newLink(String merchant, String influencer, String destination) throws Exception {
        String body = destination == null
                ? JSON.writeValueAsString(Map.of("merchantId", merchant, "influencerId", influencer))
                : JSON.writeValueAsString(
                        Map.of("merchantId", merchant, "influencerId", influencer, "destinationUrl", destination));
        return send("POST", "/api/tracking-links", OPERATOR, body);
    }
}
