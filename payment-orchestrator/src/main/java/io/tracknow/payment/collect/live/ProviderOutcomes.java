package io.tracknow.payment.collect.live;

import io.tracknow.payment.collect.payments.Change;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.PaymentStatus;
import io.tracknow.payment.connectors.ProviderAnswer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a provider's answer means for a live payment: SUCCEEDED is completed (when the amount and currency it
 * states are the payment's), PENDING processing (accepted, not completed), FAILED failed with the provider's
 * reason, UNKNOWN no change (the provider may or may not have the payment: its callback will tell).
 */
final class ProviderOutcomes {

    private static final Logger log = LoggerFactory.getLogger(ProviderOutcomes.class);
    private static final Map<String, String> NAMES = Map.of(
            "orange_money", "Orange Money",
            "mtn_momo", "MTN MoMo",
            "moov_money", "Moov Money",
            "wave", "Wave",
            "cmi", "CMI",
            "payzen", "PayZen",
            "sg_maroc", "Société Générale Maroc");

    private ProviderOutcomes() {}

    static Optional<Change> change(CollectPayment payment, ProviderAnswer answer, String provider) {
        String actor = "provider:" + provider;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("provider", NAMES.getOrDefault(provider, provider));
        String phone = ConnectorCollection.payerNumber(payment);
        if (phone != null) {
            metadata.put("phone_number", phone);
        }
        return switch (answer.outcome()) {
            case SUCCEEDED -> {
                String mismatch = mismatch(payment, answer.amountMinor(), answer.currency());
                if (mismatch != null) {
                    log.error(
                            "{} says payment {} succeeded, but {}: not completed",
                            provider,
                            payment.externalPaymentId(),
                            mismatch);
                    yield Optional.empty();
                }
                yield Optional.of(new Change(
                        PaymentStatus.COMPLETED,
                        answer.externalId() == null ? payment.providerReference() : answer.externalId(),
                        payment.providerReference() == null ? answer.externalId() : payment.providerReference(),
                        metadata,
                        null,
                        actor));
            }
            case PENDING -> {
                if (answer.redirectUrl() != null) {
                    metadata.put("provider_payment_url", answer.redirectUrl());
                }
                yield Optional.of(
                        new Change(PaymentStatus.PROCESSING, null, answer.externalId(), metadata, null, actor));
            }
            case FAILED ->
                Optional.of(new Change(
                        PaymentStatus.FAILED,
                        null,
                        answer.externalId(),
                        metadata,
                        "provider refused: " + (answer.reason() == null ? "no reason given" : answer.reason()),
                        actor));
            case UNKNOWN -> {
                log.warn(
                        "{} gave no usable answer for payment {} ({}): it stays {} until the provider calls back",
                        provider,
                        payment.externalPaymentId(),
                        answer.reason(),
                        payment.status().wire());
                yield Optional.empty();
            }
        };
    }

    /** Why the amount or currency a provider states is not the payment's; null when it agrees (or states none). */
    static String mismatch(CollectPayment payment, Long amountMinor, String currency) {
        if (currency != null && !currency.equalsIgnoreCase(payment.currency())) {
            return "it states currency " + currency + ", the payment is in " + payment.currency();
        }
        if (amountMinor != null && amountMinor != payment.amountMinor()) {
            return "it states " + amountMinor + " minor units, the payment is " + payment.amountMinor();
        }
        return null;
    }
}
