package io.tracknow.messaging.outbox;

import io.tracknow.embedded.PostgresDatabases;
import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import java.time.Instant;
import java.util.UUID;

/** What the outbox tests with a relay of their own share. */
final class OutboxTests {

    private OutboxTests() {}

    /**
     * A fresh database named {@code prefix} + a unique suffix, set as the system property {@code property}
     * (which the test's context names as its database) and dropped when the JVM ends: no other context's
     * relay takes the test's rows.
     */
    static void ownDatabase(String prefix, String property) {
        String database = prefix + Long.toHexString(System.nanoTime());
        PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
        postgres.ensure(database);
        System.setProperty(property, database);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> postgres.drop(database), database + "-drop"));
    }

    /** A notification keyed by {@code influencer}; {@code label} travels in the template field. */
    static NotificationSent note(String influencer, String label) {
        return NotificationSent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setNotificationId(influencer + "/" + label)
                .setInfluencerId(influencer)
                .setChannel(NotificationChannel.IN_APP)
                .setTemplate(label)
                .setOutcome(NotificationOutcome.DELIVERED)
                .setCauseEventId(UUID.randomUUID().toString())
                .build();
    }
}
