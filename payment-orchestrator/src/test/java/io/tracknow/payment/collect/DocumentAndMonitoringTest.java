package io.tracknow.payment.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document says what the service serves; seed 004's monitoring figures are on /actuator/prometheus. */
class DocumentAndMonitoringTest extends CollectApiTestBase {

    @Autowired
    ApplicationContext context;

    @Test
    @SuppressWarnings("unchecked")
    void theServedOpenApiDocumentIsTheCheckedInOneAndNamesEveryRouteAndCodeOfTheApi() throws Exception {
        HttpResponse<String> served = send("GET", "/payments-api/openapi.yaml", null, null, null);
        assertThat(served.statusCode()).isEqualTo(200);
        String checkedIn = Files.readString(Path.of("../docs/payments-api.openapi.yaml"));
        assertThat(served.body()).isEqualTo(checkedIn);

        Map<String, Object> document = new Yaml().load(checkedIn);
        assertThat(document.get("openapi").toString()).startsWith("3.");
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> served_ = new TreeSet<>();
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
                .getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternsCondition().getPatterns().forEach(p -> {
                    String path = p.getPatternString();
                    if (path.startsWith("/api/v1/payments") || path.equals("/health")) {
                        info.getMethodsCondition()
                                .getMethods()
                                .forEach(m -> served_.add(m.name().toLowerCase() + " "
                                        + path.replace("{externalPaymentId}", "{external_payment_id}")));
                    }
                }));
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().forEach(method -> documented.add(method + " " + path)));
        assertThat(documented).isEqualTo(served_);
        // the seed's codes, per endpoint
        Map<String, Set<String>> codes = Map.of(
                "/api/v1/payments/initiate", Set.of("201", "400", "401", "500"),
                "/api/v1/payments/{external_payment_id}/status", Set.of("200", "401", "404", "500"),
                "/api/v1/payments/{external_payment_id}/cancel", Set.of("200", "400", "401", "404", "500"),
                "/health", Set.of("200"));
        codes.forEach((path, expected) -> {
            Map<String, Object> operation =
                    (Map<String, Object>) paths.get(path).values().iterator().next();
            assertThat(((Map<Object, Object>) operation.get("responses")).keySet())
                    .extracting(Object::toString)
                    .as(path)
                    .containsAll(expected);
        });
    }

    @Test
    void successRateTimeToCompleteAndLatencyPercentilesArePublished() throws Exception {
        String[] key = newKey("sandbox");
        String id = initiated(key[0], body(newPaymentId(), "0.01", "EUR", callbackUrl("/metrics-cb")))
                .path("external_payment_id")
                .asString();
        initiated(key[0], body(newPaymentId(), "0.02", "EUR", callbackUrl("/metrics-cb")));
        status(key[0], id);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics =
                    send("GET", "/actuator/prometheus", null, null, null).body();
            assertThat(metrics)
                    .contains(
                            "tracknow_collect_payments_finished_total{",
                            "status=\"completed\"",
                            "status=\"failed\"",
                            "tracknow_collect_payments_initiated_total{",
                            "tracknow_collect_payments_time_to_complete_seconds{");
            assertThat(metrics)
                    .contains(
                            "uri=\"/api/v1/payments/{externalPaymentId}/status\",quantile=\"0.99\"",
                            "uri=\"/api/v1/payments/initiate\",quantile=\"0.5\"",
                            "uri=\"/api/v1/payments/initiate\",quantile=\"0.95\"");
        });
    }

    @Test
    void theOperatorSeesAPaymentWithItsAuditLogAndCallbacks() throws Exception {
        String[] key = newKey("sandbox");
        String id = initiated(key[0], body(newPaymentId(), "0.01", "EUR", callbackUrl("/admin-cb")))
                .path("external_payment_id")
                .asString();
        HttpResponse<String> view = send("GET", "/api/client-payments/" + id, OPERATOR, null, null);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(view.body());
        assertThat(body.path("payment").path("status").asString()).isEqualTo("COMPLETED");
        assertThat(body.path("audit")).hasSize(2);
        assertThat(body.path("callbacks")).hasSize(1);
        assertThat(send("GET", "/api/client-payments/" + id, MERCHANT, null, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/client-payments/" + id, key[0], null, null).statusCode())
                .isEqualTo(401);
    }
}
