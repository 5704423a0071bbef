package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what, on all five services at once (docs/architecture.md, "API access"): every route the
 * services answer, read from their handler mappings, refuses a request without a token unless it is on
 * the public list below; each owner's API shows the operator everything and an owner only its own data;
 * an influencer token issued on attribution-service works on the other services until it is revoked.
 */
class ApiAccessEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String OPERATOR = "access-operator-token";
    private static final String SHOP = "access-shop";
    private static final String SHOP_TOKEN = "access-shop-token";
    /** A merchant that owns nothing on the platform: its token must never read anything. */
    private static final String STRANGER_TOKEN = "access-stranger-token";
    /**
     * What anyone may request without a token: the signed webhooks and payment callbacks, the tracking
     * redirect, the health probes and the Prometheus scrape. Changing this list is a security decision.
     */
    private static final List<Predicate<String>> PUBLIC = List.of(
            path -> path.startsWith("/webhooks/"),
            path -> path.matches("/r/[^/]+"),
            path -> path.equals("/actuator/health") || path.startsWith("/actuator/health/"),
            path -> path.equals("/actuator/prometheus"),
            // payment-orchestrator, seed 004's payments API: its health check, and the pages a payer opens: the
            // sandbox's, and a live payment's wallet instructions (the unguessable payment id is the credential,
            // like a provider's checkout page)
            path -> path.equals("/health"),
            path -> path.equals("/payments-api/openapi.yaml"),
            path -> path.matches("/pay/[^/]+(/(pay|cancel|wallet))?"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedPlatform platform;
    private static String influencer;
    private static String otherInfluencer;
    private static String influencerToken;
    private static String otherInfluencerToken;
    private final HttpClient http = TestHttp.client();

    @BeforeAll
    static void startPlatform() throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        platform = EmbeddedPlatform.start(
                TestInfra.infra(),
                true,
                false,
                Map.of(
                        "tracknow.api.operator-token",
                        OPERATOR,
                        "tracknow.api.merchant-tokens." + SHOP,
                        SHOP_TOKEN,
                        "tracknow.api.merchant-tokens.access-stranger",
                        STRANGER_TOKEN,
                        "tracknow.gateway.secret-key",
                        Base64.getEncoder().encodeToString(key),
                        "tracknow.notifications.secret-key",
                        Base64.getEncoder().encodeToString(key),
                        "tracknow.messaging.outbox.poll-interval",
                        "50ms",
                        "logging.structured.format.console",
                        ""));
        ApiAccessEndToEndTest setup = new ApiAccessEndToEndTest();
        influencer = setup.newInfluencer();
        otherInfluencer = setup.newInfluencer();
        influencerToken = setup.issue(influencer).path("token").asString();
        otherInfluencerToken = setup.issue(otherInfluencer).path("token").asString();
        // each service accepts a token once its copy of access-tokens.v1 has the token's event
        for (String[] owner : new String[][] {{influencer, influencerToken}, {otherInfluencer, otherInfluencerToken}}) {
            for (String[] api : new String[][] {
                {"attribution-service", "/api/influencers/%s"},
                {"commission-service", "/api/influencers/%s/balances"},
                {"notification-service", "/api/influencers/%s/notifications"}
            }) {
                await().atMost(PATIENCE)
                        .untilAsserted(() -> assertThat(setup.get(api[0], api[1].formatted(owner[0]), owner[1])
                                        .statusCode())
                                .as(api[0])
                                .isEqualTo(200));
            }
        }
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyRouteOfEveryServiceRefusesARequestWithoutATokenUnlessItIsPublic() throws Exception {
        List<Routes.Route> routes = new ArrayList<>();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            routes.addAll(Routes.of(spec.name(), platform.context(spec.name())).all());
        }
        assertThat(routes)
                .as("the walker sees the services' routes")
                .anySatisfy(r -> assertThat(r.pattern()).isEqualTo("/api/influencers/{influencerId}/commissions"))
                .anySatisfy(r -> assertThat(r.pattern()).startsWith("/actuator/metrics"));

        List<String> wrong = new ArrayList<>();
        for (Routes.Route route : routes) {
            String path = route.samplePath();
            HttpResponse<String> anonymous = send(route.service(), route.method(), path, null);
            boolean challenged = anonymous.statusCode() == 401
                    && anonymous
                            .headers()
                            .firstValue("WWW-Authenticate")
                            .filter(h -> h.startsWith("Bearer realm=\"tracknow\""))
                            .isPresent();
            if (PUBLIC.stream().anyMatch(p -> p.test(path))) {
                if (challenged) {
                    wrong.add(route + ": public, but asks for a bearer token");
                }
                continue;
            }
            if (!challenged || !anonymous.body().contains("unauthorized")) {
                wrong.add(route + ": " + anonymous.statusCode() + " without a token, expected 401 " + anonymous.body());
            }
            // a valid token of a merchant that owns nothing: a route that forgot to check its owner would answer 2xx
            HttpResponse<String> stranger = send(route.service(), route.method(), path, STRANGER_TOKEN);
            if (stranger.statusCode() / 100 == 2) {
                wrong.add(route + ": " + stranger.statusCode() + " for a merchant that owns nothing");
            }
        }
        assertThat(wrong).as("routes that break the access rule").isEmpty();
    }

    @Test
    void anInfluencersDataIsTheOperatorsAndTheInfluencersOwn() throws Exception {
        List<String[]> apis = List.of(
                new String[] {"commission-service", "/api/influencers/%s/commissions"},
                new String[] {"commission-service", "/api/influencers/%s/statement"},
                new String[] {"commission-service", "/api/influencers/%s/balances"},
                new String[] {"notification-service", "/api/influencers/%s/notifications"},
                new String[] {"attribution-service", "/api/influencers/%s"});
        for (String[] api : apis) {
            String service = api[0];
            String own = api[1].formatted(influencer);
            assertTheOperatorAndTheOwnerOnly(service, own, influencerToken);
            assertHidden(get(service, own, otherInfluencerToken), service + own + " with another influencer's token");
            assertHidden(get(service, own, STRANGER_TOKEN), service + own + " with a merchant's token");
        }
        // the influencer's own merchant manages the influencer's profile, but sees none of its earnings
        assertThat(get("attribution-service", "/api/influencers/" + influencer, SHOP_TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertHidden(
                get("commission-service", "/api/influencers/" + influencer + "/balances", SHOP_TOKEN),
                "merchant on earnings");
    }

    @Test
    void aMerchantsDataIsTheOperatorsAndTheMerchantsOwn() throws Exception {
        List<String[]> apis = List.of(
                new String[] {"commission-service", "/api/merchants/%s/balance"},
                new String[] {"commission-service", "/api/merchants/%s/statement"},
                new String[] {"commission-service", "/api/merchants/%s/commission-plan"},
                new String[] {"payment-orchestrator", "/api/merchants/%s/payables"},
                new String[] {"attribution-service", "/api/merchants/%s/tracking-settings"});
        for (String[] api : apis) {
            String service = api[0];
            String own = api[1].formatted(SHOP);
            assertTheOperatorAndTheOwnerOnly(service, own, SHOP_TOKEN);
            assertHidden(get(service, own, STRANGER_TOKEN), service + own + " with another merchant's token");
            // every service keeps a copy of the influencer tokens (payment-orchestrator for payout accounts)
            assertHidden(get(service, own, influencerToken), service + own + " with an influencer's token");
        }
    }

    @Test
    void anIssuedTokenWorksOnEveryServiceUntilTheOperatorRevokesIt() throws Exception {
        JsonNode issued = issue(influencer);
        String token = issued.path("token").asString();
        String tokenId = issued.path("tokenId").asString();
        assertThat(token).startsWith("tnk_").hasSizeGreaterThan(40);
        assertThat(issued.path("influencerId").asString()).isEqualTo(influencer);
        assertThat(issued.path("issuedAt").asString()).isNotBlank();

        HttpResponse<String> listed = get("attribution-service", tokensOf(influencer), OPERATOR);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(tokenId).doesNotContain(token).doesNotContain("\"token\"");

        String commissions = "/api/influencers/" + influencer + "/commissions";
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                get("commission-service", commissions, token).statusCode())
                        .isEqualTo(200));

        assertThat(send("attribution-service", HttpMethod.DELETE, tokensOf(influencer) + "/" + tokenId, OPERATOR)
                        .statusCode())
                .isEqualTo(204);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                get("commission-service", commissions, token).statusCode())
                        .isEqualTo(401));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                get("notification-service", "/api/influencers/" + influencer + "/notifications", token)
                                        .statusCode())
                        .isEqualTo(401));
        assertThat(get("commission-service", commissions, influencerToken).statusCode())
                .as("the influencer's other token still works")
                .isEqualTo(200);
        assertThat(get("attribution-service", tokensOf(influencer), OPERATOR).body())
                .contains("\"revokedAt\":\"");
        // revoking again changes nothing
        assertThat(send("attribution-service", HttpMethod.DELETE, tokensOf(influencer) + "/" + tokenId, OPERATOR)
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void refusesBadTokenRequestsAndChangesNothing() throws Exception {
        assertProblem(send("attribution-service", HttpMethod.POST, tokensOf("%20"), OPERATOR), 400, "invalid-request");
        assertProblem(
                send("attribution-service", HttpMethod.POST, tokensOf("x".repeat(101)), OPERATOR),
                400,
                "invalid-request");
        assertProblem(
                send("attribution-service", HttpMethod.POST, tokensOf("no-such-influencer"), OPERATOR),
                404,
                "unknown-influencer");
        assertProblem(
                send("attribution-service", HttpMethod.DELETE, tokensOf(influencer) + "/tok-unknown", OPERATOR),
                404,
                "unknown-token");
        // only the operator issues, lists and revokes tokens
        for (String notOperator : List.of(SHOP_TOKEN, influencerToken)) {
            assertHidden(send("attribution-service", HttpMethod.POST, tokensOf(influencer), notOperator), "issue");
            assertHidden(get("attribution-service", tokensOf(influencer), notOperator), "list");
        }
        assertThat(JSON.readTree(get("attribution-service", tokensOf("no-such-influencer"), OPERATOR)
                                .body())
                        .path("type")
                        .asString())
                .endsWith("unknown-influencer");
    }

    @Test
    void aServiceIsReadyOnlyWithItsCopyOfTheTokensCaughtUp() throws Exception {
        for (String service : List.of("attribution-service", "commission-service", "notification-service")) {
            HttpResponse<String> readiness = get(service, "/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).as(service).isEqualTo(200);
            assertThat(JSON.readTree(readiness.body())
                            .path("components")
                            .path("influencerTokens")
                            .path("status")
                            .asString())
                    .as(service + " " + readiness.body())
                    .isEqualTo("UP");
        }
    }

    /** No token and an unknown one: 401; the operator's and the owner's: 200. */
    private void assertTheOperatorAndTheOwnerOnly(String service, String path, String ownerToken) throws Exception {
        assertProblem(get(service, path, null), 401, "unauthorized");
        assertProblem(get(service, path, "tnk_not-a-token"), 401, "unauthorized");
        assertThat(get(service, path, OPERATOR).statusCode()).as(service + path).isEqualTo(200);
        assertThat(get(service, path, ownerToken).statusCode())
                .as(service + path)
                .isEqualTo(200);
    }

    private static void assertHidden(HttpResponse<String> response, String what) throws Exception {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(404);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("type").asString()).endsWith("/" + type);
    }

    private static String tokensOf(String influencerId) {
        return "/api/influencers/" + influencerId + "/tokens";
    }

    private String newInfluencer() throws Exception {
        String id = "access-inf-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(platform.baseUrl("attribution-service") + "/api/influencers"))
                        .header("Authorization", "Bearer " + OPERATOR)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\", \"merchantId\": \"" + SHOP
                                + "\", \"displayName\": \"Access test\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return id;
    }

    private JsonNode issue(String influencerId) throws Exception {
        HttpResponse<String> issued = send("attribution-service", HttpMethod.POST, tokensOf(influencerId), OPERATOR);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return JSON.readTree(issued.body());
    }

    private HttpResponse<String> get(String service, String path, String token) throws Exception {
        return send(service, HttpMethod.GET, path, token);
    }

    private HttpResponse<String> send(String service, HttpMethod method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl(service) + path))
                .method(method.name(), HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
