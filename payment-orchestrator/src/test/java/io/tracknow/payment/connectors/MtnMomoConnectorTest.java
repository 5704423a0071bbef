package io.tracknow.payment.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.mobilemoney.MtnMomoConnector;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MtnMomoConnectorTest extends ConnectorContract {

    private static final GatewaySetup SETUP = setup(
            Gateway.MTN_MOMO,
            "GHS",
            Map.of(
                    "momo_api_user",
                    "api-user-1",
                    "momo_target_environment",
                    "mtnghana",
                    "momo_payer_msisdn",
                    "+233240000000"),
            Map.of("momo_api_key", "momo_key_0001", "momo_subscription_key", "momo_sub_0002"));

    @Override
    protected Connector connector(ProviderHttp http, JsonMapper json, Clock clock) {
        return new MtnMomoConnector(http, json, clock);
    }

    @Override
    protected GatewaySetup setup() {
        return SETUP;
    }

    @Override
    protected void stubAuthentication() {
        provider.stubFor(post(urlPathMatching("/mtn_momo/(collection|disbursement)/token/"))
                .willReturn(json(
                        200,
                        "{\"access_token\": \"momo-tok\", \"token_type\": \"access_token\", \"expires_in\": 3600}")));
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay"));
    }

    @Override
    protected ResponseDefinitionBuilder success() {
        return aResponse().withStatus(202);
    }

    @Override
    protected ProviderAnswer call() {
        return connector.collect(order(1000, "GHS"), SETUP).block();
    }

    @Override
    protected void checkSuccess(ProviderAnswer answer) {
        assertThat(answer.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(answer.externalId()).isEqualTo(paymentId);
        provider.verify(postRequestedFor(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay"))
                .withHeader("Authorization", equalTo("Bearer momo-tok"))
                .withHeader("X-Reference-Id", equalTo(paymentId))
                .withHeader("X-Target-Environment", equalTo("mtnghana"))
                .withHeader("Ocp-Apim-Subscription-Key", equalTo("momo_sub_0002"))
                .withRequestBody(equalToJson(
                        "{\"amount\": \"10.00\", \"currency\": \"GHS\", \"externalId\": \"" + paymentId
                                + "\", \"payer\": {\"partyIdType\": \"MSISDN\", \"partyId\": \"233240000000\"}}",
                        true,
                        true)));
    }

    @Test
    void takesADuplicateReferenceAsTheSamePendingPayment() {
        provider.stubFor(endpoint().willReturn(json(409, "{\"code\": \"RESOURCE_ALREADY_EXIST\"}")));

        assertThat(call().outcome()).isEqualTo(Outcome.PENDING);
    }

    @Test
    void paysOutToTheInfluencersWalletAndReadsTheTransferBack() {
        provider.stubFor(post(urlEqualTo("/mtn_momo/disbursement/v1_0/transfer"))
                .willReturn(aResponse().withStatus(202)));
        provider.stubFor(get(urlEqualTo("/mtn_momo/disbursement/v1_0/transfer/" + paymentId))
                .willReturn(json(
                        200,
                        "{\"amount\": \"10.00\", \"currency\": \"GHS\", \"financialTransactionId\": \"363440463\", \"externalId\": \""
                                + paymentId + "\", \"status\": \"SUCCESSFUL\"}")));

        assertThat(connector.payout(order(1000, "GHS"), SETUP).block().outcome())
                .isEqualTo(Outcome.PENDING);
        provider.verify(postRequestedFor(urlEqualTo("/mtn_momo/disbursement/v1_0/transfer"))
                .withRequestBody(equalToJson(
                        "{\"payee\": {\"partyIdType\": \"MSISDN\", \"partyId\": \"221770000000\"}}", true, true)));
        ProviderAnswer settled =
                connector.payoutStatus(order(1000, "GHS"), paymentId, SETUP).block();
        assertThat(settled.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(settled.amountMinor()).isEqualTo(1000);
        assertThat(settled.currency()).isEqualTo("GHS");
    }

    @Test
    void readsAFailedRequestToPayWithItsReason() {
        provider.stubFor(
                get(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay/" + paymentId))
                        .willReturn(
                                json(
                                        200,
                                        "{\"amount\": \"10\", \"currency\": \"GHS\", \"status\": \"FAILED\", \"reason\": \"PAYER_NOT_FOUND\"}")));

        ProviderAnswer answer =
                connector.status(order(1000, "GHS"), paymentId, SETUP).block();

        assertThat(answer.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(answer.reason()).contains("PAYER_NOT_FOUND");
    }
}
