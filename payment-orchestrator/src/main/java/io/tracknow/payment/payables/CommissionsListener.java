package io.tracknow.payment.payables;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.schemas.Topics;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** commissions.v1: what each merchant owes moves with its commissions. */
@Component
class CommissionsListener extends TopicListener<CommissionEvent> {

    private final Payables payables;

    CommissionsListener(Payables payables) {
        super(Topics.COMMISSIONS, "payment.commissions");
        this.payables = payables;
    }

    @Override
    protected Mono<?> prepare(List<CommissionEvent> events) {
        return payables.prepare(events);
    }

    @Override
    protected Mono<?> handle(CommissionEvent event) {
        return payables.onCommission(event);
    }
}
