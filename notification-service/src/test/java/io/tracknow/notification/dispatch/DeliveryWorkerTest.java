package io.tracknow.notification.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.notification.NotificationServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * The delivery worker's schedule lives in the table: rows left by a process that stopped are sent by the
 * next one, and workers running side by side (replicas) never send the same row twice.
 */
class DeliveryWorkerTest extends NotificationServiceTest {

    @Autowired
    DeliveryWorker worker;

    @Autowired
    DatabaseClient db;

    @Test
    void sendsWhatAStoppedProcessLeftWaitingAndCountsItsEarlierAttempts() throws Exception {
        String influencer = newInfluencer();
        String path = "/hooks/" + influencer;
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        json(
                "PUT",
                "/api/influencers/" + influencer + "/webhook",
                "{\"url\":\"http://127.0.0.1:" + receiver.port() + path + "\"}",
                200);
        // as a previous process left it: two attempts made, the next one due
        UUID id = waiting(influencer, 2);

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "DELIVERED".equals(row(influencer, id).path("status").asString()));
        assertThat(row(influencer, id).path("attempts").asInt()).isEqualTo(3);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(1);
    }

    @Test
    void workersRunningSideBySideSendEachNotificationOnce() throws Exception {
        String influencer = newInfluencer();
        String path = "/hooks/" + influencer;
        receiver.stubFor(
                post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(50)));
        json(
                "PUT",
                "/api/influencers/" + influencer + "/webhook",
                "{\"url\":\"http://127.0.0.1:" + receiver.port() + path + "\"}",
                200);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(waiting(influencer, 0));
        }
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> rounds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rounds.add(() -> {
                    worker.sendDue();
                    return null;
                });
            }
            for (Future<Void> round : replicas.invokeAll(rounds)) {
                round.get();
            }
        } finally {
            replicas.shutdown();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ids.stream().allMatch(id -> {
                    try {
                        return "DELIVERED"
                                .equals(row(influencer, id).path("status").asString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(12);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo(path))).stream()
                        .map(r -> r.getHeader("webhook-id"))
                        .distinct())
                .hasSize(12);
    }

    /** A webhook notification waiting in the table with {@code attempts} made, due now. */
    private UUID waiting(String influencer, int attempts) {
        UUID id = UUID.randomUUID();
        String payload = "{\"type\":\"commission-accrued\",\"timestamp\":\"" + Instant.now()
                + "\",\"data\":{\"notificationId\":\"" + id + "\"}}";
        db.sql(
                        "INSERT INTO notifications (id, influencer_id, channel, template, event_type, title, body, cause_event_id,"
                                + " created_at, status, locale, recipient, payload, attempts, next_attempt_at)"
                                + " VALUES (:id, :influencer, 'WEBHOOK', 'commission-accrued', 'commission-accrued', 't', 'b', :cause, now(),"
                                + " 'PENDING', 'fr', 'http://127.0.0.1/', :payload, :attempts, now() - interval '1 second')")
                .bind("id", id)
                .bind("influencer", influencer)
                .bind("cause", "cause-" + id)
                .bind("payload", payload)
                .bind("attempts", attempts)
                .fetch()
                .rowsUpdated()
                .block();
        return id;
    }

    private JsonNode row(String influencer, UUID id) throws Exception {
        for (JsonNode row : get("/api/influencers/" + influencer + "/deliveries")) {
            if (row.path("id").asString().equals(id.toString())) {
                return row;
            }
        }
        return JSON.missingNode();
    }
}
