package io.tracknow.payment.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.mobilemoney.WaveConnector;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Wave payouts (the Friday run's main wallet) under the contract; checkout collection below. */
class WaveConnectorTest extends ConnectorContract {

    private static final GatewaySetup SETUP =
            setup(Gateway.WAVE, "XOF", Map.of(), Map.of("wave_api_key", "wave_sn_prod_0001"));

    @Override
    protected Connector connector(ProviderHttp http, JsonMapper json, Clock clock) {
        return new WaveConnector(http, json);
    }

    @Override
    protected GatewaySetup setup() {
        return SETUP;
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlEqualTo("/wave/v1/payout"));
    }

    @Override
    protected ResponseDefinitionBuilder success() {
        return json(
                200,
                "{\"id\": \"pt-185sewgm8100t\", \"currency\": \"XOF\", \"receive_amount\": \"15000\", \"fee\": \"150\","
                        + " \"mobile\": \"+221770000000\", \"name\": \"Awa Diop\", \"status\": \"succeeded\", \"timestamp\": \"2026-01-02T10:00:00Z\"}");
    }

    @Override
    protected ProviderAnswer call() {
        return connector.payout(order(15000, "XOF"), SETUP).block();
    }

    @Override
    protected void checkSuccess(ProviderAnswer answer) {
        assertThat(answer.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(answer.externalId()).isEqualTo("pt-185sewgm8100t");
        assertThat(answer.amountMinor()).isEqualTo(15000);
        assertThat(answer.feesMinor()).isEqualTo(150);
        provider.verify(postRequestedFor(urlEqualTo("/wave/v1/payout"))
                .withHeader("Authorization", equalTo("Bearer wave_sn_prod_0001"))
                .withHeader("Idempotency-Key", equalTo(paymentId))
                .withRequestBody(equalToJson(
                        "{\"currency\": \"XOF\", \"receive_amount\": \"15000\", \"mobile\": \"+221770000000\","
                                + " \"name\": \"Awa Diop\", \"client_reference\": \"" + paymentId + "\"}",
                        true,
                        true)));
    }

    @Test
    void collectsThroughACheckoutSession() {
        provider.stubFor(post(urlEqualTo("/wave/v1/checkout/sessions"))
                .willReturn(json(
                        200,
                        "{\"id\": \"cos-18qq25rgr100a\","
                                + " \"amount\": \"15000\", \"currency\": \"XOF\", \"checkout_status\": \"open\", \"payment_status\": \"processing\","
                                + " \"wave_launch_url\": \"https://pay.wave.com/c/cos-18qq25rgr100a\"}")));

        ProviderAnswer answer = connector.collect(order(15000, "XOF"), SETUP).block();

        assertThat(answer.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(answer.externalId()).isEqualTo("cos-18qq25rgr100a");
        assertThat(answer.redirectUrl()).contains("pay.wave.com");
    }
}
