package io.tracknow.payment.journal;

import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.journal.Journal.Details;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Books what a provider said about a payment. A success is booked only if the provider's amount and
 * currency (where it states them) are the payment's own; otherwise the payment goes to review and
 * nothing is booked until an operator decides. A pending or unreadable answer leaves the payment
 * processing (the janitor asks again); a decline fails it.
 */
@Component
public class Outcomes {

    private final Journal journal;

    public Outcomes(Journal journal) {
        this.journal = journal;
    }

    public Mono<Transaction> record(Transaction payment, ProviderAnswer answer, String actor) {
        Details details = new Details(
                answer.externalId(),
                answer.feesMinor() > 0 ? answer.feesMinor() : null,
                answer.reason(),
                answer.redirectUrl(),
                answer.request(),
                answer.response());
        TransactionStatus target = switch (answer.outcome()) {
            case SUCCEEDED ->
                mismatch(payment, answer) == null ? TransactionStatus.COMPLETED : TransactionStatus.REVIEW;
            case FAILED -> TransactionStatus.FAILED;
            case PENDING, UNKNOWN -> TransactionStatus.PROCESSING;
        };
        if (target == TransactionStatus.REVIEW) {
            details = new Details(
                    answer.externalId(),
                    null,
                    mismatch(payment, answer),
                    answer.redirectUrl(),
                    answer.request(),
                    answer.response());
        }
        return journal.move(payment.id(), target, details, actor);
    }

    /** Why the provider's word disagrees with the payment, or null when it agrees. */
    static String mismatch(Transaction payment, ProviderAnswer answer) {
        if (answer.currency() != null && !answer.currency().equalsIgnoreCase(payment.currency())) {
            return "provider states currency " + answer.currency() + ", payment is in " + payment.currency();
        }
        if (answer.amountMinor() != null && answer.amountMinor() != payment.amountMinor()) {
            return "provider states " + answer.amountMinor() + " minor units, payment is " + payment.amountMinor();
        }
        return null;
    }
}
