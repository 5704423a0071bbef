package io.tracknow.payment.collect.live;

import io.tracknow.money.Money;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.connectors.Connector;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import java.net.URI;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A money-out provider connector collecting a client's payment: the client's configuration stands for a
 * merchant's set-up, the payer's wallet number (push providers) comes from the payment's
 * {@code metadata.phone_number}, and the provider calls back to the ingest-gateway's
 * {@code <callback-base-url>/<gateway>/<client id>}, from where the verified callback reaches
 * payment-callbacks.v1.
 */
record ConnectorCollection(Connector connector, ClientProvider config, URI callbackBaseUrl)
        implements CollectionConnector {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String provider() {
        return config.gateway().id();
    }

    @Override
    public Mono<ProviderAnswer> start(CollectPayment payment) {
        return connector.collect(order(payment), config.setup(payment.currency(), payerNumber(payment)));
    }

    @Override
    public Mono<ProviderAnswer> status(CollectPayment payment, String reference) {
        return connector.status(order(payment), reference, config.setup(payment.currency(), payerNumber(payment)));
    }

    private PaymentOrder order(CollectPayment payment) {
        String description = metadata(payment).path("description").asString("");
        String base = callbackBaseUrl.toString();
        return new PaymentOrder(
                payment.externalPaymentId(),
                Money.of(payment.amountMinor(), payment.currency()),
                description.isBlank() ? "payment " + payment.clientPaymentId() : description,
                payerNumber(payment),
                null,
                List.of(),
                (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + provider() + "/"
                        + payment.clientId());
    }

    /** The payer's wallet (E.164), from the client's metadata; null when it gave none. */
    static String payerNumber(CollectPayment payment) {
        JsonNode phone = metadata(payment).path("phone_number");
        return phone.isString() && !phone.asString().isBlank()
                ? phone.asString().trim()
                : null;
    }

    private static JsonNode metadata(CollectPayment payment) {
        return payment.clientMetadata() == null ? JSON.createObjectNode() : JSON.readTree(payment.clientMetadata());
    }
}
