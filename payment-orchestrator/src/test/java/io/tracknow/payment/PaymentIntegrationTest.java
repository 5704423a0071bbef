package io.tracknow.payment;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.payment.setup.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running payment-orchestrator (real broker, registry and PostgreSQL) shared by the integration
 * tests that extend this class, so they start one Spring context between them; every provider's API is
 * one WireMock server ({@link #PROVIDERS}). The operator's token is
 * {@link #OPERATOR}; merchant {@link #OWN_MERCHANT} has the token {@link #MERCHANT_TOKEN}.
 */
@ServiceIntegrationTest(
        service = "payment-orchestrator",
        classes = PaymentApplication.class,
        properties = {
            PaymentApplication.CONFIG,
            "tracknow.api.operator-token=" + PaymentIntegrationTest.OPERATOR,
            "tracknow.api.merchant-tokens.m-own=" + PaymentIntegrationTest.MERCHANT_TOKEN,
            "tracknow.payment.secret-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "tracknow.payment.debits.cron=-",
            "tracknow.payment.payouts.cron=-",
            "tracknow.payment.janitor.interval=1h",
            "tracknow.payment.payouts.minimum.XOF=1000",
            "tracknow.payment.payouts.credentials.wave.wave_api_key=platform-wave-key",
            "tracknow.payment.payouts.credentials.mtn_momo.momo_api_user=platform-user",
            "tracknow.payment.payouts.credentials.mtn_momo.momo_target_environment=mtncameroon",
            "tracknow.payment.payouts.credentials.mtn_momo.momo_api_key=platform-momo-key",
            "tracknow.payment.payouts.credentials.mtn_momo.momo_subscription_key=platform-momo-sub",
            "tracknow.payment.http.backoff=20ms"
        })
public abstract class PaymentIntegrationTest {

    public static final String OPERATOR = "test-operator-token";
    public static final String OWN_MERCHANT = "m-own";
    public static final String MERCHANT_TOKEN = "test-merchant-token";
    private static final HttpClient HTTP = TestHttp.client();
    /** Every provider, stubbed: gateway {@code g}'s API is at {@code /g} on it. */
    public static final WireMockServer PROVIDERS =
            new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        PROVIDERS.start();
        Runtime.getRuntime().addShutdownHook(new Thread(PROVIDERS::stop));
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        for (Gateway gateway : Gateway.values()) {
            registry.add(
                    "tracknow.payment.providers[" + gateway.id() + "]", () -> PROVIDERS.baseUrl() + "/" + gateway.id());
        }
    }

    @Autowired
    protected Environment environment;

    @Autowired
    protected MeterRegistry meters;

    @Autowired
    protected DatabaseClient db;

    /** Sends a request with the bearer token (none when null) and a JSON body (none when null). */
    protected HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
