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
import io.tracknow.payment.connectors.mobilemoney.OrangeMoneyConnector;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OrangeMoneyConnectorTest extends ConnectorContract {

    private static final GatewaySetup SETUP = setup(
            Gateway.ORANGE_MONEY,
            "XOF",
            Map.of("orange_client_id", "client-1", "orange_country", "sn"),
            Map.of("orange_client_secret", "orange_secret_0001", "orange_merchant_key", "merchant_key_0002"));

    @Override
    protected Connector connector(ProviderHttp http, JsonMapper json, Clock clock) {
        return new OrangeMoneyConnector(http, json, clock);
    }

    @Override
    protected GatewaySetup setup() {
        return SETUP;
    }

    @Override
    protected void stubAuthentication() {
        provider.stubFor(post(urlEqualTo("/orange_money/oauth/v3/token"))
                .willReturn(json(
                        200, "{\"token_type\": \"Bearer\", \"access_token\": \"om-tok\", \"expires_in\": 7776000}")));
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlEqualTo("/orange_money/orange-money-webpay/sn/v1/webpayment"));
    }

    @Override
    protected ResponseDefinitionBuilder success() {
        return json(
                201,
                "{\"status\": 201, \"message\": \"OK\", \"pay_token\": \"v1abc\","
                        + " \"payment_url\": \"https://webpayment.orange-money.com/payment/pay_token/v1abc\", \"notif_token\": \"n1\"}");
    }

    @Override
    protected ProviderAnswer call() {
        return connector.collect(order(5000, "XOF"), SETUP).block();
    }

    @Override
    protected void checkSuccess(ProviderAnswer answer) {
        assertThat(answer.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(answer.externalId()).isEqualTo("v1abc");
        provider.verify(postRequestedFor(urlEqualTo("/orange_money/orange-money-webpay/sn/v1/webpayment"))
                .withHeader("Authorization", equalTo("Bearer om-tok"))
                .withRequestBody(equalToJson(
                        "{\"currency\": \"XOF\", \"order_id\": \"" + paymentId + "\", \"amount\": 5000}", true, true)));
        assertThat(answer.request()).as("merchant key masked").contains("\"merchant_key\":\"***\"");
    }

    @Test
    void readsASuccessfulPaymentBackFromTransactionStatus() {
        provider.stubFor(post(urlEqualTo("/orange_money/orange-money-webpay/sn/v1/transactionstatus"))
                .willReturn(json(
                        200, "{\"status\": \"SUCCESS\", \"order_id\": \"" + paymentId + "\", \"txnid\": \"MP1\"}")));

        assertThat(connector.status(order(5000, "XOF"), "v1abc", SETUP).block().outcome())
                .isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void refusesPayoutsItHasNoApiFor() {
        assertThat(connector.payout(order(5000, "XOF"), SETUP).block().outcome())
                .isEqualTo(Outcome.FAILED);
    }
}
