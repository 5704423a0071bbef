package io.tracknow.launcher;

import io.tracknow.attribution.AttributionApplication;
import io.tracknow.commission.CommissionApplication;
import io.tracknow.gateway.GatewayApplication;
import io.tracknow.notification.NotificationApplication;
import io.tracknow.payment.PaymentApplication;
import java.util.List;

/**
 * One service of the platform: its name (also its configuration file and database), its Spring Boot
 * application class and the port it listens on locally.
 */
public record ServiceSpec(String name, Class<?> application, int defaultPort) {

    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("ingest-gateway", GatewayApplication.class, 8080),
            new ServiceSpec("attribution-service", AttributionApplication.class, 8081),
            new ServiceSpec("commission-service", CommissionApplication.class, 8082),
            new ServiceSpec("payment-orchestrator", PaymentApplication.class, 8083),
            new ServiceSpec("notification-service", NotificationApplication.class, 8084));

    /** Its port when the services take the ports from {@code portBase} on, in this order. */
    public int port(int portBase) {
        return portBase + defaultPort - ALL.get(0).defaultPort;
    }

    public static List<String> names() {
        return ALL.stream().map(ServiceSpec::name).toList();
    }
}
