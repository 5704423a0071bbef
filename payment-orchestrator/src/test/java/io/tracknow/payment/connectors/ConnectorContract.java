package io.tracknow.payment.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.tracknow.money.Money;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every connector must do against its provider, here a WireMock stub answering in the provider's
 * documented shapes: succeed, take a 4xx as final (no retry), retry a timeout and give UNKNOWN after the
 * last attempt, retry a 500 and take the success that follows, give UNKNOWN for an answer it cannot
 * read, and never put a secret in a log line or the journal's payloads.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class ConnectorContract {

    protected static final int ATTEMPTS = 3;
    protected static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static WireMockServer provider;

    protected ProviderHttp http;
    protected Connector connector;
    protected final String paymentId = UUID.randomUUID().toString();

    @BeforeAll
    static void startProvider() {
        provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        provider.start();
        // the first request of a JVM loads Netty's and Jetty's classes, slower than the short read timeout below
        new ProviderHttp(properties(Duration.ofSeconds(30)))
                .json(
                        Gateway.MANUAL,
                        org.springframework.http.HttpMethod.GET,
                        URI.create(provider.baseUrl() + "/__admin/health"),
                        h -> {},
                        null)
                .block();
    }

    private static PaymentProperties properties(Duration readTimeout) {
        Map<String, URI> bases = Arrays.stream(Gateway.values())
                .collect(Collectors.toMap(Gateway::id, g -> URI.create(provider.baseUrl() + "/" + g.id())));
        return new PaymentProperties(
                null,
                true,
                bases,
                new PaymentProperties.Http(
                        Duration.ofSeconds(1),
                        readTimeout,
                        ATTEMPTS,
                        Duration.ofMillis(20),
                        50,
                        20,
                        Duration.ofSeconds(30)),
                URI.create("https://api.tracknow.io/webhooks/payments"),
                null,
                null,
                null);
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @BeforeEach
    void freshConnector() {
        provider.resetAll();
        http = new ProviderHttp(properties(READ_TIMEOUT));
        connector = connector(http, JSON, Clock.systemUTC());
        stubAuthentication();
    }

    @AfterEach
    void noSecretLogged(CapturedOutput output) {
        setup().secrets().values().forEach(secret -> assertThat(output.getAll()).doesNotContain(secret));
    }

    protected abstract Connector connector(ProviderHttp http, JsonMapper json, Clock clock);

    /** The credentials the calls use; every secret value is at least 8 characters so it can be searched for. */
    protected abstract GatewaySetup setup();

    /** The provider call that {@link #call} makes, matched on method and path. */
    protected abstract MappingBuilder endpoint();

    /** The documented success answer of {@link #endpoint}. */
    protected abstract ResponseDefinitionBuilder success();

    /** The call under test (collect, status or payout). */
    protected abstract ProviderAnswer call();

    /** What the success answer must give, and what the request must have carried. */
    protected abstract void checkSuccess(ProviderAnswer answer);

    /** Token endpoints and the like, stubbed before each test. */
    protected void stubAuthentication() {}

    /** Requests the call itself makes for one attempt (without token requests). */
    protected int requestsTo(MappingBuilder endpoint) {
        return provider.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> endpoint.build().getRequest().match(r).isExactMatch())
                .toList()
                .size();
    }

    protected PaymentOrder order(long minor, String currency) {
        return new PaymentOrder(
                paymentId,
                Money.of(minor, currency),
                "Commission tracknow",
                "+221770000000",
                "Awa Diop",
                List.of(),
                "https://api.tracknow.io/webhooks/payments/"
                        + connector.gateway().id() + "/m1");
    }

    protected static GatewaySetup setup(
            Gateway gateway, String currency, Map<String, String> settings, Map<String, String> secrets) {
        return new GatewaySetup(
                "m1", gateway, currency, settings, secrets, true, Instant.EPOCH, Instant.EPOCH, "operator");
    }

    @Test
    void succeedsWithTheDocumentedAnswer() {
        provider.stubFor(endpoint().willReturn(success()));

        ProviderAnswer answer = call();

        assertThat(answer.outcome())
                .as(answer.reason())
                .isNotEqualTo(Outcome.UNKNOWN)
                .isNotEqualTo(Outcome.FAILED);
        checkSuccess(answer);
        assertThat(requestsTo(endpoint())).isEqualTo(1);
        noSecretIn(answer);
    }

    @Test
    void takesAClientErrorAsFinalWithoutRetrying() {
        provider.stubFor(
                endpoint()
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"message\": \"invalid amount\", \"error\": \"invalid amount\", \"code\": \"INVALID\"}")));

        ProviderAnswer answer = call();

        assertThat(answer.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(answer.reason()).contains("400");
        assertThat(requestsTo(endpoint())).isEqualTo(1);
        noSecretIn(answer);
    }

    @Test
    void retriesATimeoutAndLeavesThePaymentUnknownAfterTheLastAttempt() {
        provider.stubFor(endpoint().willReturn(success().withFixedDelay((int) READ_TIMEOUT.toMillis() * 3)));

        ProviderAnswer answer = call();

        assertThat(answer.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(answer.reason()).contains("timeout");
        // WireMock journals a delayed request once it has answered it
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(requestsTo(endpoint())).isEqualTo(ATTEMPTS));
    }

    @Test
    void retriesAServerErrorAndTakesTheSuccessThatFollows() {
        provider.stubFor(endpoint()
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("oops"))
                .willSetStateTo("recovered"));
        provider.stubFor(
                endpoint().inScenario("flaky").whenScenarioStateIs("recovered").willReturn(success()));

        ProviderAnswer answer = call();

        assertThat(answer.outcome()).as(answer.reason()).isNotEqualTo(Outcome.UNKNOWN);
        checkSuccess(answer);
        assertThat(requestsTo(endpoint())).isEqualTo(2);
    }

    @Test
    void leavesThePaymentUnknownForAnAnswerItCannotRead() {
        provider.stubFor(endpoint()
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("<html>gateway maintenance</html>")));

        ProviderAnswer answer = call();

        assertThat(answer.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(answer.reason()).contains("unreadable");
        assertThat(answer.response()).contains("maintenance");
        assertThat(requestsTo(endpoint())).as("a readable 200 is not retried").isEqualTo(1);
    }

    @Test
    void leavesThePaymentUnknownForAStatusItDoesNotKnow() {
        provider.stubFor(endpoint()
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"unexpected\": true}")));

        assertThat(call().outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    protected void noSecretIn(ProviderAnswer answer) {
        for (String secret : setup().secrets().values()) {
            assertThat(String.valueOf(answer.request())).doesNotContain(secret);
            assertThat(String.valueOf(answer.response())).doesNotContain(secret);
        }
    }

    protected static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
