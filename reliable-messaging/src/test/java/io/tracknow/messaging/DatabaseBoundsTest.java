package io.tracknow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.tracknow.messaging.testapp.MessagingTestApplication;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The shared database bounds: a request never waits forever for a pooled connection or for a row
 * lock. It gets 503 problem JSON with Retry-After instead, and the service serves the next request
 * once the database is free again. The bounds are shortened here so the test is quick.
 */
@ServiceIntegrationTest(
        service = "messaging-test",
        classes = MessagingTestApplication.class,
        properties = {
            "spring.application.name=messaging-test",
            "spring.flyway.locations=classpath:db/messaging-test",
            "spring.r2dbc.pool.max-acquire-time=1s",
            "spring.r2dbc.properties.lockWaitTimeout=PT1S",
            // the other tests of this module own the click listener; this context only serves HTTP
            "spring.kafka.listener.auto-startup=false",
            // the test application's route is about the database, not tokens (http-api tests those)
            "tracknow.api.public-paths=/**"
        })
class DatabaseBoundsTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    ConnectionPool pool;

    @Autowired
    Environment environment;

    @Test
    void everySessionCarriesTheStatementAndLockTimeouts() {
        assertThat(db.sql("SHOW statement_timeout")
                        .map(row -> row.get(0, String.class))
                        .one()
                        .block())
                .isEqualTo("30s");
        assertThat(db.sql("SHOW lock_timeout")
                        .map(row -> row.get(0, String.class))
                        .one()
                        .block())
                .isEqualTo("1s");
    }

    @Test
    void aRequestWaitingOnALockedRowAnswers503AndTheNextOneSucceeds() throws Exception {
        String id = "locked-" + UUID.randomUUID();
        assertThat(put(id).statusCode()).isEqualTo(200);
        String database = TestInfra.infra().database("messaging-test");
        try (var jdbc = DriverManager.getConnection(
                TestInfra.infra().postgres().jdbcUrl(database),
                TestInfra.infra().postgres().user(),
                TestInfra.infra().postgres().password())) {
            jdbc.setAutoCommit(false);
            try (var lock =
                    jdbc.prepareStatement("SELECT click_id FROM applied_clicks WHERE click_id = ? FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            HttpResponse<String> refused = put(id);
            assertUnavailable(refused);
            jdbc.rollback();
        }
        assertThat(put(id).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestThatGetsNoPooledConnectionAnswers503AndTheNextOneSucceeds() throws Exception {
        int size = pool.getMetrics().orElseThrow().getMaxAllocatedSize();
        assertThat(size).isEqualTo(10);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                held.add(Mono.from(pool.create()).block(Duration.ofSeconds(10)));
            }
            assertUnavailable(put("starved-" + UUID.randomUUID()));
        } finally {
            held.forEach(c -> Mono.from(c.close()).block(Duration.ofSeconds(10)));
        }
        assertThat(put("fed-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.body()).contains("/problems/database-unavailable");
    }

    private HttpResponse<String> put(String id) throws Exception {
        return TestHttp.client()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + environment.getProperty("local.server.port") + "/test/applied-clicks/" + id))
                                .timeout(Duration.ofSeconds(30))
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
