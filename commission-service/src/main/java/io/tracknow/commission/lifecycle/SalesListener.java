package io.tracknow.commission.lifecycle;

import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.events.sales.SaleStatusChanged;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.schemas.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** sales.v1: an attributed paid sale accrues; a later status (cancelled, refunded) may reverse. */
@Component
class SalesListener {

    private final IdempotentConsumer consumer;
    private final Accrual accrual;
    private final Reversals reversals;

    SalesListener(IdempotentConsumer consumer, Accrual accrual, Reversals reversals) {
        this.consumer = consumer;
        this.accrual = accrual;
        this.reversals = reversals;
    }

    @KafkaListener(topics = Topics.SALES, groupId = "commission-service")
    void on(SaleEvent sale) {
        consumer.apply("commission.sales", sale, this::handle);
    }

    private Mono<Void> handle(SaleEvent sale) {
        return switch (sale.getEvent()) {
            case SaleAttributed attributed -> accrual.onSale(sale, attributed);
            case SaleStatusChanged ignored -> reversals.onStatusChanged(sale);
            default -> Mono.empty();
        };
    }
}
