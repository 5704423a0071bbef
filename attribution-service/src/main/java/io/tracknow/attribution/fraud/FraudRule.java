package io.tracknow.attribution.fraud;

import io.tracknow.attribution.influencers.Influencer;
import io.tracknow.events.orders.OrderReported;
import java.util.Optional;

/**
 * A reason not to pay an attributed sale. The sale is still published (SaleAttributed with the
 * fraud flag) so analytics and the influencer see it; commission-service skips flagged sales. Add a
 * rule by implementing this interface as a bean: {@link FraudGuard} applies all of them.
 */
public interface FraudRule {

    /** The flag's reason when this sale must not be paid to this influencer. */
    Optional<String> check(OrderReported order, Influencer influencer);
}
