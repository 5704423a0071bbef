package io.tracknow.payment.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.tracknow.money.Money;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.payzen.PayZenConnector;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PayZenConnectorTest extends ConnectorContract {

    private static final GatewaySetup SETUP = setup(
            Gateway.PAYZEN,
            "MAD",
            Map.of(
                    "payzen_shop_id",
                    "12345678",
                    "payzen_mode",
                    "PRODUCTION",
                    "payzen_seller_account_id",
                    "SELLER-123",
                    "payzen_platform_account_id",
                    "PLATFORM-ACC"),
            Map.of("payzen_api_key", "production_key_0001", "payzen_secret_key", "payzen_secret_0002"));

    @Override
    protected Connector connector(ProviderHttp http, JsonMapper json, Clock clock) {
        return new PayZenConnector(http, json);
    }

    @Override
    protected GatewaySetup setup() {
        return SETUP;
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlEqualTo("/payzen/Charge/CreatePayment"));
    }

    @Override
    protected ResponseDefinitionBuilder success() {
        return json(
                200,
                "{\"status\": \"SUCCESS\", \"answer\": {\"formToken\": \"ft-xyz\", \"orderId\": \"" + paymentId
                        + "\", \"serverDate\": \"2025-10-23T15:00:00Z\"}}");
    }

    @Override
    protected ProviderAnswer call() {
        PaymentOrder order = new PaymentOrder(
                paymentId,
                Money.of(15000, "MAD"),
                "Commission tracknow",
                null,
                null,
                List.of(
                        new PaymentOrder.Split(5000, "Commission Plateforme", "PLATFORM-ACC"),
                        new PaymentOrder.Split(10000, "Commission Influenceur", "INFLUENCER_ACCOUNT")),
                null);
        return connector.collect(order, SETUP).block();
    }

    @Override
    protected void checkSuccess(ProviderAnswer answer) {
        assertThat(answer.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(answer.externalId()).isEqualTo(paymentId);
        provider.verify(postRequestedFor(urlEqualTo("/payzen/Charge/CreatePayment"))
                .withHeader("Authorization", equalTo("Basic MTIzNDU2Nzg6cHJvZHVjdGlvbl9rZXlfMDAwMQ=="))
                .withRequestBody(equalToJson("""
                        {"amount": 15000, "currency": "MAD", "orderId": "%s",
                         "customData": {"platformCommission": 5000, "influencerCommission": 10000},
                         "marketplace": {"sellerAccountId": "SELLER-123", "splits": [
                           {"amount": 5000, "label": "Commission Plateforme", "accountId": "PLATFORM-ACC"},
                           {"amount": 10000, "label": "Commission Influenceur", "accountId": "INFLUENCER_ACCOUNT"}]}}
                        """.formatted(paymentId), true, true)));
    }

    @Test
    void takesAnErrorStatusAsADecline() {
        provider.stubFor(
                endpoint()
                        .willReturn(
                                json(
                                        200,
                                        "{\"status\": \"ERROR\", \"answer\": {\"errorCode\": \"INT_009\", \"errorMessage\": \"invalid amount\"}}")));

        ProviderAnswer answer = call();

        assertThat(answer.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(answer.reason()).contains("INT_009");
    }

    @Test
    void readsAPaidOrderBackFromOrderGet() {
        provider.stubFor(post(urlEqualTo("/payzen/Order/Get")).willReturn(json(200, """
                {"status": "SUCCESS", "answer": {"orderStatus": "PAID", "orderDetails": {"orderId": "o-1",
                 "orderTotalAmount": 15000, "orderCurrency": "MAD"}}}""")));

        ProviderAnswer answer = connector.status(null, "o-1", SETUP).block();

        assertThat(answer.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(answer.amountMinor()).isEqualTo(15000);
    }
}
