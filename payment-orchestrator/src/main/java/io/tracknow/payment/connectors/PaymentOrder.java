package io.tracknow.payment.connectors;

import io.tracknow.money.Money;
import java.util.List;

/**
 * What we ask a provider to collect (a merchant debit) or to send (an influencer payout).
 *
 * @param paymentId   our id; every provider gets it as its order id / reference / idempotency key, so a
 *                    repeated request names the same payment
 * @param amount      exact minor units in the payment's currency
 * @param party       the wallet number (E.164) to collect from or pay to, when the provider needs one
 * @param partyName   the payee's name where a payout needs it (Wave)
 * @param splits      PayZen marketplace splits: the platform's and the influencers' shares of a debit
 * @param callbackUrl where the provider reports the outcome (the gateway's verified callback route)
 */
public record PaymentOrder(
        String paymentId,
        Money amount,
        String description,
        String party,
        String partyName,
        List<Split> splits,
        String callbackUrl) {

    public PaymentOrder {
        splits = splits == null ? List.of() : List.copyOf(splits);
    }

    /** One share of a split payment: its minor units, a label and the receiving marketplace account. */
    public record Split(long amountMinor, String label, String accountId) {}

    public String currency() {
        return amount.currency().getCurrencyCode();
    }

    /** The amount as a decimal string in major units with the currency's digits ("150.00", "1500"). */
    public String major() {
        return amount.toMajor().toPlainString();
    }
}
