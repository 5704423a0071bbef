package io.tracknow.commission.lifecycle;

import io.tracknow.commission.plans.Plan;
import io.tracknow.commission.plans.Plans;
import io.tracknow.events.common.OrderItem;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.kafka.InvalidEventException;
import io.tracknow.messaging.tx.OnceInTransaction;
import io.tracknow.money.Money;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Accrues a commission when an attributed sale is paid, with the merchant's plan version in force when
 * it was paid (the sale's occurredAt): per-line rates from the plan's overrides, each share rounded
 * once (see {@link Split}); the merchant keeps the rest. In one transaction it writes the commission, its
 * lines and the accrual step's journal entry ({@link Lifecycle#accrue}) with one statement, then adds its
 * CommissionAccrued event. The commission stays pending for the plan's hold period from the payment. A sale is accrued at most once (unique per merchant, source and
 * order), and a sale flagged as fraud is not paid.
 */
@Component
public class Accrual {

    private final Plans plans;
    private final StepRecorder recorder;
    private final Clock clock;
    /**
     * The sales that {@link #prepare} saw once in the transaction's poll: no other event of the poll reads
     * or reverses their commission, so it is inserted at commit with the poll's other accruals.
     */
    private final OnceInTransaction<String> aloneInPoll = new OnceInTransaction<>();

    public Accrual(Plans plans, StepRecorder recorder, Clock clock) {
        this.plans = plans;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Before a poll's sales are applied, in their transaction: notes the orders the poll reports once. */
    public Mono<Void> prepare(List<SaleEvent> sales) {
        return aloneInPoll.mark(sales, Topics.SALES::keyOf);
    }

    public Mono<Void> onSale(SaleEvent sale, SaleAttributed attributed) {
        if (attributed.getFraudFlag() != null
                || !(sale.getStatus() == OrderStatus.PAID || sale.getStatus() == OrderStatus.FULFILLED)) {
            return Mono.empty();
        }
        Money total = total(sale);
        Instant now = clock.instant();
        Instant paidAt = sale.getOccurredAt().isAfter(now) ? now : sale.getOccurredAt();
        String influencerId = attributed.getInfluencerId();
        return plans.inForce(sale.getMerchantId(), paidAt).flatMap(plan -> {
            List<Priced> lines = price(plan, influencerId, sale.getItems());
            Split split = split(plan, influencerId, total, lines);
            Commission commission = Commission.accrued(
                    UUID.randomUUID(),
                    sale.getMerchantId(),
                    sale.getSource().name(),
                    sale.getExternalOrderId(),
                    influencerId,
                    split,
                    now,
                    paidAt.plus(Duration.ofDays(plan.holdDays())),
                    plan.version());
            Lifecycle.Step accrual = Lifecycle.accrue(commission, now);
            List<CommissionStore.Line> stored = lines.stream()
                    .map(p -> new CommissionStore.Line(
                            p.index(),
                            p.sku(),
                            p.category(),
                            p.line().amountMinor(),
                            p.rates().influencerPercent(),
                            p.rates().platformPercent(),
                            p.rates().rule()))
                    .toList();
            return aloneInPoll
                    .contains(Topics.SALES.keyOf(sale))
                    .flatMap(alone -> alone
                            ? recorder.accrueAtCommit(accrual, stored, now)
                            : recorder.accrue(accrual, stored, now).then());
        });
    }

    /**
     * The sale's split: weighted by its lines, or, when no line has a positive amount (no items, all
     * free), at the rates the plan gives this influencer for a line with no SKU and no category, so an
     * influencer's deal still applies.
     */
    static Split split(Plan plan, String influencerId, Money total, List<Priced> lines) {
        if (lines.isEmpty()) {
            Plan.Rates rates = plan.ratesFor(influencerId, null, null);
            return Split.of(total, rates.influencerPercent(), rates.platformPercent());
        }
        return Split.of(total, lines.stream().map(Priced::line).toList());
    }

    /** An order line with its amount, rates and the rule that chose them. */
    record Priced(int index, String sku, String category, Split.Line line, Plan.Rates rates) {}

    /** The lines that carry weight (positive amount); empty when the sale has none. */
    static List<Priced> price(Plan plan, String influencerId, List<OrderItem> items) {
        List<Priced> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            OrderItem item = items.get(i);
            long amount;
            try {
                amount = Math.multiplyExact(item.getUnitPriceMinor(), (long) item.getQuantity());
            } catch (ArithmeticException e) {
                throw new InvalidEventException("order line " + i + " overflows: " + item);
            }
            if (amount > 0) {
                Plan.Rates rates = plan.ratesFor(influencerId, item.getSku(), item.getCategory());
                lines.add(new Priced(
                        i + 1,
                        item.getSku(),
                        item.getCategory(),
                        new Split.Line(amount, rates.influencerPercent(), rates.platformPercent()),
                        rates));
            }
        }
        return lines;
    }

    private static Money total(SaleEvent sale) {
        Money total;
        try {
            total = Money.of(sale.getTotalMinor(), sale.getCurrency());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(
                    "sale " + sale.getEventId() + " has unknown currency " + sale.getCurrency());
        }
        if (total.minor() < 0) {
            throw new InvalidEventException("sale " + sale.getEventId() + " has a negative total " + total);
        }
        return total;
    }
}
