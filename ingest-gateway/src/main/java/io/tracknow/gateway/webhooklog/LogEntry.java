package io.tracknow.gateway.webhooklog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.http.HttpHeaders;

/**
 * One line of the webhook log.
 *
 * @param outcome    ACCEPTED, DUPLICATE, IGNORED (valid but nothing to publish), REJECTED (4xx) or FAILED (503)
 * @param reason     the problem type of a refusal, null otherwise
 * @param bodySha256 hex SHA-256 of the raw body, null when it was refused before being read
 */
public record LogEntry(
        Long id,
        Instant receivedAt,
        String source,
        String merchantId,
        String outcome,
        String reason,
        int httpStatus,
        Map<String, String> headers,
        String bodySha256,
        Integer bodyBytes,
        long latencyMs,
        String dedupeKey,
        String eventId,
        String topic,
        String eventKey,
        String eventSchema,
        byte[] eventAvro,
        int replayCount,
        Instant lastReplayedAt) {

    public static Builder builder(Instant receivedAt, String source, String merchantId, HttpHeaders headers) {
        return new Builder(receivedAt, source, merchantId, HeaderRedaction.safe(headers));
    }

    /** Filled in as a delivery goes through the intake. */
    public static final class Builder {
        private final Instant receivedAt;
        private final String source;
        private final String merchantId;
        private final Map<String, String> headers;
        private String bodySha256;
        private Integer bodyBytes;
        private String outcome = "REJECTED";
        private String reason;
        private int httpStatus = 500;
        private long latencyMs;
        private String dedupeKey;
        private String eventId;
        private String topic;
        private String eventKey;
        private SpecificRecord event;
        private boolean logged;

        private Builder(Instant receivedAt, String source, String merchantId, Map<String, String> headers) {
            this.receivedAt = receivedAt;
            this.source = source;
            this.merchantId = merchantId;
            this.headers = headers;
        }

        public Instant receivedAt() {
            return receivedAt;
        }

        public String source() {
            return source;
        }

        public void body(byte[] body) {
            try {
                bodySha256 = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
            bodyBytes = body.length;
        }

        public void dedupeKey(String key) {
            dedupeKey = key;
        }

        /** The event this delivery was published as: its id, topic, key and value. */
        public void event(String eventId, String topic, String key, SpecificRecord event) {
            this.eventId = eventId;
            this.topic = topic;
            this.eventKey = key;
            this.event = event;
        }

        public void outcome(String outcome, String reason, int httpStatus, Duration latency) {
            this.outcome = outcome;
            this.reason = reason;
            this.httpStatus = httpStatus;
            this.latencyMs = latency.toMillis();
        }

        /** The line to write, noting that it was handed to the log (so that the intake writes it once). */
        public LogEntry logged() {
            logged = true;
            return build();
        }

        /** True once {@link #logged()} handed the line to the log. */
        public boolean isLogged() {
            return logged;
        }

        public LogEntry build() {
            return new LogEntry(
                    null,
                    receivedAt,
                    source,
                    merchantId,
                    outcome,
                    reason,
                    httpStatus,
                    headers,
                    bodySha256,
                    bodyBytes,
                    latencyMs,
                    dedupeKey,
                    eventId,
                    topic,
                    eventKey,
                    event == null ? null : EventCodec.schemaText(event.getSchema()),
                    event == null ? null : EventCodec.encode(event),
                    0,
                    null);
        }
    }
}
