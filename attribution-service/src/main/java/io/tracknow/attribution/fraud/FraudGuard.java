package io.tracknow.attribution.fraud;

import io.tracknow.attribution.influencers.Influencer;
import io.tracknow.events.orders.OrderReported;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Applies every {@link FraudRule} to an attributed sale; the flag joins the reasons of all rules that fired. */
@Component
public class FraudGuard {

    private final List<FraudRule> rules;

    public FraudGuard(List<FraudRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public Optional<String> flag(OrderReported order, Influencer influencer) {
        String reasons = rules.stream()
                .map(rule -> rule.check(order, influencer).orElse(null))
                .filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
        return reasons.isEmpty() ? Optional.empty() : Optional.of(reasons);
    }
}
