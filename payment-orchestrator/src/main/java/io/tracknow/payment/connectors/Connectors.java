package io.tracknow.payment.connectors;

import io.tracknow.payment.setup.Gateway;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every connector by its gateway; {@code manual} has none (it issues an invoice instead). */
@Component
public class Connectors {

    private final Map<Gateway, Connector> byGateway = new EnumMap<>(Gateway.class);

    public Connectors(List<Connector> connectors) {
        connectors.forEach(c -> {
            if (byGateway.put(c.gateway(), c) != null) {
                throw new IllegalStateException(
                        "two connectors for " + c.gateway().id());
            }
        });
    }

    public Optional<Connector> of(Gateway gateway) {
        return Optional.ofNullable(byGateway.get(gateway));
    }
}
