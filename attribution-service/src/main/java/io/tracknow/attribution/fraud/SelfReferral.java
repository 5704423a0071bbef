package io.tracknow.attribution.fraud;

import io.tracknow.attribution.influencers.Influencer;
import io.tracknow.events.orders.OrderReported;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * An influencer does not earn commission on their own purchases: the buyer's hashed email (hex
 * SHA-256 of the trimmed, lower-cased address) equals the influencer's.
 */
@Component
@Order(1)
public class SelfReferral implements FraudRule {

    public static final String REASON = "SELF_REFERRAL: the buyer's email is the influencer's";

    @Override
    public Optional<String> check(OrderReported order, Influencer influencer) {
        String buyer = order.getBuyerEmailSha256();
        boolean same = buyer != null
                && influencer.emailSha256() != null
                && buyer.trim().equalsIgnoreCase(influencer.emailSha256());
        return same ? Optional.of(REASON) : Optional.empty();
    }
}
