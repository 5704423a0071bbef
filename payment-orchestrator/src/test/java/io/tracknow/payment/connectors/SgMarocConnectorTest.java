package io.tracknow.payment.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.sgmaroc.SgMarocConnector;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SgMarocConnectorTest extends ConnectorContract {

    private static final GatewaySetup SETUP = setup(
            Gateway.SG_MAROC,
            "MAD",
            Map.of("sg_merchant_code", "SG123456", "sg_terminal_id", "TERM001", "sg_api_username", "api_user_xxx"),
            Map.of("sg_api_password", "sg_password_0001"));

    private static MappingBuilder token() {
        return post(urlEqualTo("/sg_maroc/oauth/token"));
    }

    @Override
    protected Connector connector(ProviderHttp http, JsonMapper json, Clock clock) {
        return new SgMarocConnector(http, json, clock);
    }

    @Override
    protected GatewaySetup setup() {
        return SETUP;
    }

    @Override
    protected void stubAuthentication() {
        provider.stubFor(token().willReturn(
                        json(200, "{\"access_token\": \"tok-1\", \"token_type\": \"Bearer\", \"expires_in\": 3600}")));
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlEqualTo("/sg_maroc/payment/init"));
    }

    @Override
    protected ResponseDefinitionBuilder success() {
        return json(
                200,
                "{\"success\": true, \"transactionId\": \"TRX123456789\","
                        + " \"paymentUrl\": \"https://epayment.sg.ma/pay?token=x\", \"expiresAt\": \"2025-10-24T10:00:00Z\"}");
    }

    @Override
    protected ProviderAnswer call() {
        return connector.collect(order(15000, "MAD"), SETUP).block();
    }

    @Override
    protected void checkSuccess(ProviderAnswer answer) {
        assertThat(answer.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(answer.externalId()).isEqualTo("TRX123456789");
        provider.verify(postRequestedFor(urlEqualTo("/sg_maroc/payment/init"))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .withRequestBody(equalToJson(
                        "{\"merchantCode\": \"SG123456\", \"terminalId\": \"TERM001\","
                                + " \"amount\": \"150.00\", \"currency\": \"MAD\", \"orderId\": \"" + paymentId + "\"}",
                        true,
                        true)));
        provider.verify(postRequestedFor(urlEqualTo("/sg_maroc/oauth/token"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=api_user_xxx")));
    }

    @Test
    void keepsItsTokenUntilItExpires() {
        provider.stubFor(endpoint().willReturn(success()));

        call();
        call();

        assertThat(requestsTo(token())).isEqualTo(1);
        assertThat(requestsTo(endpoint())).isEqualTo(2);
    }

    @Test
    void fetchesANewTokenOnceWhenTheOldOneIsRefused() {
        provider.stubFor(token().inScenario("token")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"access_token\": \"tok-1\", \"expires_in\": 3600}"))
                .willSetStateTo("second"));
        provider.stubFor(token().inScenario("token")
                .whenScenarioStateIs("second")
                .willReturn(json(200, "{\"access_token\": \"tok-2\", \"expires_in\": 3600}")));
        provider.stubFor(
                endpoint().withHeader("Authorization", equalTo("Bearer tok-1")).willReturn(json(401, "{}")));
        provider.stubFor(
                endpoint().withHeader("Authorization", equalTo("Bearer tok-2")).willReturn(success()));

        ProviderAnswer answer = call();

        assertThat(answer.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(requestsTo(token())).isEqualTo(2);
        assertThat(requestsTo(endpoint())).isEqualTo(2);
    }

    @Test
    void takesARefusalWithSuccessFalseAsADecline() {
        provider.stubFor(endpoint().willReturn(json(200, "{\"success\": false, \"error\": \"terminal disabled\"}")));

        ProviderAnswer answer = call();

        assertThat(answer.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(answer.reason()).contains("terminal disabled");
    }
}
