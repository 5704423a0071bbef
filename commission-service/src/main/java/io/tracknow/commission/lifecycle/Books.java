package io.tracknow.commission.lifecycle;

import io.tracknow.commission.accrual.Commission;
import io.tracknow.commission.accrual.CommissionStore;
import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.Ledger;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.common.OrderSource;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes a decision in the caller's transaction: the commission's new state, its journal entry and its
 * event on commissions.v1 (through the outbox, keyed by influencer), so all three happen or none.
 */
@Component
public class Books {

    private final CommissionStore commissions;
    private final Ledger ledger;
    private final Outbox outbox;

    public Books(CommissionStore commissions, Ledger ledger, Outbox outbox) {
        this.commissions = commissions;
        this.ledger = ledger;
        this.outbox = outbox;
    }

    public Mono<Void> apply(Lifecycle.Step step, Instant at) {
        Mono<Void> entry = step.entry() == null ? Mono.empty() : ledger.append(step.entry());
        return commissions.update(step.next())
                .then(entry)
                .then(publish(step.next(), step.event(), at));
    }

    public Mono<Void> append(JournalEntry entry) {
        return ledger.append(entry);
    }

    public Mono<Void> publish(Commission c, Object payload, Instant at) {
        return outbox.add(Topics.COMMISSIONS, c.influencerId(), envelope(c, payload, at));
    }

    public static CommissionEvent envelope(Commission c, Object payload, Instant at) {
        return CommissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setCommissionId(c.id().toString())
                .setInfluencerId(c.influencerId())
                .setMerchantId(c.merchantId())
                .setSource(OrderSource.valueOf(c.source()))
                .setExternalOrderId(c.externalOrderId())
                .setCurrency(c.currency())
                .setEvent(payload)
                .build();
    }
}
