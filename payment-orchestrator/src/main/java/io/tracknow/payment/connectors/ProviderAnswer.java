package io.tracknow.payment.connectors;

/**
 * What a provider said about a payment, as a value: declines and garbage are outcomes, not exceptions.
 *
 * @param outcome     see {@link Outcome}
 * @param externalId  the provider's id of the payment (null when it gave none)
 * @param redirectUrl where the payer confirms, for redirect flows (CMI, SG, Orange Money, Wave checkout)
 * @param amountMinor the amount the provider states, in minor units (null when it states none)
 * @param currency    the currency the provider states (null when it states none)
 * @param feesMinor   the provider's fees, when it states them (0 otherwise)
 * @param reason      why it failed or could not be read
 * @param request     what we sent, secrets masked
 * @param response    what it answered (status and body), secrets masked
 */
public record ProviderAnswer(
        Outcome outcome,
        String externalId,
        String redirectUrl,
        Long amountMinor,
        String currency,
        long feesMinor,
        String reason,
        String request,
        String response) {

    public enum Outcome {
        /** Accepted, not settled yet: a callback or a status query will tell. */
        PENDING,
        /** The money moved. */
        SUCCEEDED,
        /** Refused or failed for good (a 4xx, a decline, an expired session). */
        FAILED,
        /**
         * No usable answer (timeouts or 5xx after every retry, an open circuit, an answer that cannot be
         * read): the provider may or may not have the payment, so it stays open and its status is asked later.
         */
        UNKNOWN
    }

    public static ProviderAnswer unknown(String reason, String request, String response) {
        return new ProviderAnswer(Outcome.UNKNOWN, null, null, null, null, 0, reason, request, response);
    }

    public static ProviderAnswer failed(String externalId, String reason, String request, String response) {
        return new ProviderAnswer(Outcome.FAILED, externalId, null, null, null, 0, reason, request, response);
    }

    public ProviderAnswer withPayloads(String request, String response) {
        return new ProviderAnswer(
                outcome, externalId, redirectUrl, amountMinor, currency, feesMinor, reason, request, response);
    }
}
