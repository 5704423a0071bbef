package io.tracknow.payment.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.cmi.CmiConnector;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CmiConnectorTest extends ConnectorContract {

    private static final GatewaySetup SETUP = setup(
            Gateway.CMI,
            "MAD",
            Map.of("cmi_merchant_id", "123456789", "cmi_terminal_id", "T001"),
            Map.of("cmi_api_key", "sk_live_cmi_0001", "cmi_store_key", "store_key_0002"));

    @Override
    protected Connector connector(ProviderHttp http, JsonMapper json, Clock clock) {
        return new CmiConnector(http, json);
    }

    @Override
    protected GatewaySetup setup() {
        return SETUP;
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlEqualTo("/cmi/payments/create"));
    }

    @Override
    protected ResponseDefinitionBuilder success() {
        return json(
                200,
                "{\"payment_id\": \"PMT_123456789\", \"status\": \"pending\","
                        + " \"payment_url\": \"https://payment.cmi.co.ma/pay/PMT_123456789\", \"expires_at\": \"2025-10-24T10:00:00Z\"}");
    }

    @Override
    protected ProviderAnswer call() {
        return connector.collect(order(15000, "MAD"), SETUP).block();
    }

    @Override
    protected void checkSuccess(ProviderAnswer answer) {
        assertThat(answer.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(answer.externalId()).isEqualTo("PMT_123456789");
        assertThat(answer.redirectUrl()).isEqualTo("https://payment.cmi.co.ma/pay/PMT_123456789");
        provider.verify(postRequestedFor(urlEqualTo("/cmi/payments/create"))
                .withHeader("Authorization", equalTo("Bearer sk_live_cmi_0001"))
                .withRequestBody(equalToJson(
                        "{\"amount\": 15000, \"currency\": \"MAD\", \"merchant_id\": \"123456789\","
                                + " \"order_id\": \"" + paymentId + "\"}",
                        true,
                        true)));
    }

    @Test
    void readsACompletedPaymentBackFromItsStatusApi() {
        provider.stubFor(get(urlEqualTo("/cmi/payments/PMT_1"))
                .willReturn(json(
                        200,
                        "{\"payment_id\": \"PMT_1\","
                                + " \"amount\": 15000, \"currency\": \"MAD\", \"status\": \"completed\"}")));

        ProviderAnswer answer =
                connector.status(order(15000, "MAD"), "PMT_1", SETUP).block();

        assertThat(answer.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(answer.amountMinor()).isEqualTo(15000);
        assertThat(answer.currency()).isEqualTo("MAD");
    }

    @Test
    void opensItsCircuitAfterRepeatedFailuresAndThenCallsNoMore() {
        provider.stubFor(endpoint().willReturn(json(503, "{}")));
        for (int i = 0; i < 10; i++) {
            assertThat(call().outcome()).isEqualTo(Outcome.UNKNOWN);
        }
        int before = requestsTo(endpoint());

        ProviderAnswer refused = call();

        assertThat(refused.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(refused.reason()).contains("circuit open");
        assertThat(requestsTo(endpoint())).isEqualTo(before);
        assertThat(http.breaker(Gateway.PAYZEN).getState().name())
                .as("one circuit per provider")
                .isEqualTo("CLOSED");
    }
}
