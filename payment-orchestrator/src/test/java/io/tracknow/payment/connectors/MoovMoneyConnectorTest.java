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
import io.tracknow.payment.connectors.mobilemoney.MoovMoneyConnector;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Clock;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

class MoovMoneyConnectorTest extends ConnectorContract {

    private static final GatewaySetup SETUP = setup(
            Gateway.MOOV_MONEY,
            "XOF",
            Map.of("moov_merchant_id", "M1", "moov_payer_msisdn", "+22997000000"),
            Map.of("moov_api_key", "moov_key_0001"));

    @Override
    protected Connector connector(ProviderHttp http, JsonMapper json, Clock clock) {
        return new MoovMoneyConnector(http, json);
    }

    @Override
    protected GatewaySetup setup() {
        return SETUP;
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlEqualTo("/moov_money/v1/collections"));
    }

    @Override
    protected ResponseDefinitionBuilder success() {
        return json(
                200,
                "{\"transaction_id\": \"MV-1\", \"status\": \"PENDING\", \"amount\": \"5000\", \"currency\": \"XOF\"}");
    }

    @Override
    protected ProviderAnswer call() {
        return connector.collect(order(5000, "XOF"), SETUP).block();
    }

    @Override
    protected void checkSuccess(ProviderAnswer answer) {
        assertThat(answer.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(answer.externalId()).isEqualTo("MV-1");
        provider.verify(postRequestedFor(urlEqualTo("/moov_money/v1/collections"))
                .withHeader("Authorization", equalTo("Bearer moov_key_0001"))
                .withRequestBody(equalToJson(
                        "{\"merchant_id\": \"M1\", \"msisdn\": \"+22997000000\", \"amount\": \"5000\","
                                + " \"currency\": \"XOF\", \"reference\": \"" + paymentId + "\"}",
                        true,
                        true)));
    }
}
