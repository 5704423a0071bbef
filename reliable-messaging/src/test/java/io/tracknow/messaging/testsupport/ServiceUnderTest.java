package io.tracknow.messaging.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a running service under test: its HTTP API and how many events its consumers handled. */
public final class ServiceUnderTest {

    private static final HttpClient HTTP = TestHttp.client();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Environment environment;
    private final MeterRegistry meters;

    public ServiceUnderTest(Environment environment, MeterRegistry meters) {
        this.environment = environment;
        this.meters = meters;
    }

    /**
     * GETs a path of the service with the operator's bearer token ({@code tracknow.api.operator-token}, when
     * the test configures one), expects 200, returns the JSON body.
     */
    public JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path));
        String operator = environment.getProperty("tracknow.api.operator-token", "");
        if (!operator.isBlank()) {
            request.header("Authorization", "Bearer " + operator);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Events the named consumer has handled so far, applied or skipped as duplicates. */
    public double handled(String consumer) {
        return meters.find("tracknow.inbox.events").tag("consumer", consumer).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
