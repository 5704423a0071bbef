package io.tracknow.launcher;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.tracknow.embedded.EmbeddedInfra;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.kafka.AvroSerde;
import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the chaos run checks once the platform has settled, from the topics, the services' APIs and their
 * databases: every accepted delivery became one order event, one sale, one commission (and one reversal
 * for a follow-up) and one notification of each; nothing was done twice; the influencers' balances equal
 * what the script computed from what it sent; the ledger balances; no dead letter, no outbox row left.
 */
final class ChaosChecks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CONSUMER_GROUPS =
            List.of("attribution-service", "commission-service", "payment-orchestrator", "notification-service");

    private final EmbeddedInfra infra;
    private final HttpClient http;
    private final Function<String, String> baseUrls;
    private final String operatorToken;

    ChaosChecks(EmbeddedInfra infra, HttpClient http, Function<String, String> baseUrls, String operatorToken) {
        this.infra = infra;
        this.http = http;
        this.baseUrls = baseUrls;
        this.operatorToken = operatorToken;
    }

    /** Records of each consumer group not yet consumed, over every topic it reads. */
    long lag() throws Exception {
        try (Admin admin = admin()) {
            long lag = 0;
            for (String group : CONSUMER_GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(latest).all().get();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                    long committedOffset =
                            entry.getValue() == null ? 0 : entry.getValue().offset();
                    lag += Math.max(0, ends.get(entry.getKey()).offset() - committedOffset);
                }
            }
            return lag;
        }
    }

    /** Influencer balances (pending + available, per currency) that differ from the script's; empty when all agree. */
    List<String> balanceDifferences(List<ChaosTraffic.Order> orders) throws IOException, InterruptedException {
        Map<String, Long> expected = new HashMap<>();
        for (ChaosTraffic.Order order : orders) {
            expected.merge(
                    order.influencer().id() + " " + order.merchant().currency(), order.expectedMinor(), Long::sum);
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Long> entry : expected.entrySet()) {
            String[] parts = entry.getKey().split(" ");
            long actual = balance(parts[0], parts[1]);
            if (actual != entry.getValue()) {
                differences.add(entry.getKey() + ": platform " + actual + ", script " + entry.getValue());
            }
        }
        return differences;
    }

    private long balance(String influencer, String currency) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(
                                baseUrls.apply("commission-service") + "/api/influencers/" + influencer + "/balances"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + operatorToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return Long.MIN_VALUE;
        }
        for (JsonNode b : JSON.readTree(answer.body()).path("balances")) {
            if (currency.equals(b.path("currency").asString())) {
                return b.path("pendingMinor").asLong()
                        + b.path("availableMinor").asLong();
            }
        }
        return 0;
    }

    /** Counts over the topics, per accepted delivery. */
    record Counts(long lost, long duplicated, List<String> examples, List<Duration> accrualLatencies) {}

    Counts topics(ChaosTraffic.Sent sent) throws Exception {
        Set<String> merchants = new HashSet<>();
        sent.orders().forEach(o -> merchants.add(o.merchant().id()));
        // eventIds seen per (what, merchant, order, status); one distinct eventId is "exactly once"
        Map<String, Set<String>> seen = new HashMap<>();
        Map<String, Instant> accruedAt = new HashMap<>();
        for (OrderReported e : read(Topics.ORDERS)) {
            if (merchants.contains(e.getMerchantId())) {
                add(
                        seen,
                        "order",
                        e.getMerchantId(),
                        e.getExternalOrderId(),
                        e.getStatus().name(),
                        e.getEventId());
            }
        }
        for (SaleEvent e : read(Topics.SALES)) {
            if (merchants.contains(e.getMerchantId())) {
                add(
                        seen,
                        "sale",
                        e.getMerchantId(),
                        e.getExternalOrderId(),
                        e.getStatus().name(),
                        e.getEventId());
            }
        }
        Map<String, String> accrualEventIds = new HashMap<>();
        Map<String, Set<String>> notified = new HashMap<>();
        for (ConsumerRecord<String, Object> record : records(Topics.COMMISSIONS)) {
            CommissionEvent e = (CommissionEvent) record.value();
            if (!merchants.contains(e.getMerchantId())) {
                continue;
            }
            if (e.getEvent() instanceof CommissionAccrued) {
                add(seen, "accrual", e.getMerchantId(), e.getExternalOrderId(), "", e.getEventId());
                accruedAt.merge(
                        e.getMerchantId() + "|" + e.getExternalOrderId(),
                        Instant.ofEpochMilli(record.timestamp()),
                        (a, b) -> a.isBefore(b) ? a : b);
                accrualEventIds.put(e.getEventId(), e.getMerchantId() + "|" + e.getExternalOrderId());
            } else if (e.getEvent() instanceof CommissionReversed) {
                add(seen, "reversal", e.getMerchantId(), e.getExternalOrderId(), "", e.getEventId());
            }
        }
        for (NotificationSent n : read(Topics.NOTIFICATIONS)) {
            if (n.getCauseEventId() != null && accrualEventIds.containsKey(n.getCauseEventId())) {
                notified.computeIfAbsent(n.getCauseEventId() + " " + n.getChannel(), k -> new HashSet<>())
                        .add(n.getEventId());
            }
        }

        long lost = 0;
        long duplicated = 0;
        List<String> examples = new ArrayList<>();
        List<Duration> latencies = new ArrayList<>();
        for (ChaosTraffic.Delivery d : sent.deliveries()) {
            if (d.acceptedAt == null) {
                continue; // rejected: reported on its own
            }
            String merchant = d.order.merchant().id();
            String order = d.order.id();
            List<String> expected = new ArrayList<>(
                    List.of(key("order", merchant, order, d.status()), key("sale", merchant, order, d.status())));
            expected.add(d.followUp ? key("reversal", merchant, order, "") : key("accrual", merchant, order, ""));
            for (String what : expected) {
                int n = seen.getOrDefault(what, Set.of()).size();
                if (n == 0) {
                    lost++;
                    if (examples.size() < 10) {
                        examples.add("missing " + what);
                    }
                } else if (n > 1) {
                    duplicated += n - 1;
                    if (examples.size() < 10) {
                        examples.add(n + " distinct events for " + what);
                    }
                }
            }
            Instant accrued = accruedAt.get(merchant + "|" + order);
            if (!d.followUp && accrued != null) {
                latencies.add(Duration.between(d.firstSent, accrued));
            }
        }
        Map<String, Integer> notificationsPerAccrual = new HashMap<>();
        for (Map.Entry<String, Set<String>> entry : notified.entrySet()) {
            String cause = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            notificationsPerAccrual.merge(cause, 1, Integer::sum);
            if (entry.getValue().size() > 1) {
                duplicated += entry.getValue().size() - 1;
                if (examples.size() < 10) {
                    examples.add(entry.getValue().size() + " notifications for " + entry.getKey());
                }
            }
        }
        for (Map.Entry<String, String> accrual : accrualEventIds.entrySet()) {
            if (!notificationsPerAccrual.containsKey(accrual.getKey())) {
                lost++;
                if (examples.size() < 10) {
                    examples.add("no notification of the accrual of " + accrual.getValue());
                }
            }
        }
        return new Counts(lost, duplicated, examples, latencies);
    }

    private static void add(
            Map<String, Set<String>> seen, String what, String merchant, String order, String status, String eventId) {
        seen.computeIfAbsent(key(what, merchant, order, status), k -> new HashSet<>())
                .add(eventId);
    }

    private static String key(String what, String merchant, String order, String status) {
        return what + " " + merchant + "|" + order + (status.isEmpty() ? "" : " " + status);
    }

    /** Records on every dead-letter topic. */
    long deadLetters() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            Set<String> dlqs = new HashSet<>();
            for (Topic<?> topic : Topics.ALL) {
                if (!topic.compacted()) {
                    dlqs.add(topic.dlq());
                }
            }
            Set<String> existing = admin.listTopics().names().get();
            dlqs.retainAll(existing);
            admin.describeTopics(dlqs)
                    .allTopicNames()
                    .get()
                    .forEach((name, description) -> description
                            .partitions()
                            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            long total = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo info :
                    admin.listOffsets(request).all().get().values()) {
                total += info.offset();
            }
            return total;
        }
    }

    /** Rows left in the services' outboxes (each is deleted once relayed; the gateway has none). */
    long outboxRows() throws SQLException {
        long rows = 0;
        for (String service : ServiceSpec.names()) {
            if (single(
                            service,
                            "SELECT count(*) FROM pg_tables WHERE schemaname = 'messaging' AND tablename = 'outbox'")
                    > 0) {
                rows += single(service, "SELECT count(*) FROM messaging.outbox");
            }
        }
        return rows;
    }

    /** The sum of commission-service's ledger postings per currency that is not zero, as "EUR 3". */
    List<String> ledgerImbalances() throws SQLException {
        List<String> imbalances = new ArrayList<>();
        try (Connection db = connect("commission-service");
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT currency, sum(amount_minor) FROM ledger_postings GROUP BY currency"
                                + " HAVING sum(amount_minor) <> 0")) {
            while (rows.next()) {
                imbalances.add(rows.getString(1) + " " + rows.getLong(2));
            }
        }
        return imbalances;
    }

    /** Closes every connection the services hold to their databases, as a PostgreSQL failover would. */
    int terminateConnections() throws SQLException {
        int terminated = 0;
        try (Connection db = DriverManager.getConnection(
                        infra.postgres().jdbcUrl("postgres"),
                        infra.postgres().user(),
                        infra.postgres().password());
                Statement statement = db.createStatement()) {
            for (String service : ServiceSpec.names()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
                                + infra.database(service) + "'")) {
                    rows.next();
                    terminated += rows.getInt(1);
                }
            }
        }
        return terminated;
    }

    private long single(String service, String sql) throws SQLException {
        try (Connection db = connect(service);
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(
                infra.postgres().jdbcUrl(infra.database(service)),
                infra.postgres().user(),
                infra.postgres().password());
    }

    private Admin admin() {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()));
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> List<V> read(Topic<V> topic) {
        return records(topic).stream().map(r -> (V) r.value()).toList();
    }

    /** Every record of the topic, from the beginning to the end it has now, as the generated Avro classes. */
    private List<ConsumerRecord<String, Object>> records(Topic<?> topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-check-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Object> serde = AvroSerde.registry(infra.registry().apiUrl());
        serde.put("apicurio.registry.use-specific-avro-reader", true);
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        try (AvroKafkaDeserializer<Object> values = new AvroKafkaDeserializer<>();
                KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config)) {
            values.configure(serde, false);
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : kafka.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> kafka.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    Object value = values.deserialize(record.topic(), record.headers(), record.value());
                    records.add(new ConsumerRecord<>(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.timestamp(),
                            record.timestampType(),
                            record.serializedKeySize(),
                            record.serializedValueSize(),
                            record.key(),
                            value,
                            record.headers(),
                            record.leaderEpoch()));
                }
            }
        }
        return records;
    }
}
