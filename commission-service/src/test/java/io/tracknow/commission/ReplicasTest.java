package io.tracknow.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.messaging.testsupport.ServiceUnderTest;
import io.tracknow.messaging.testsupport.TestInfra;
import io.tracknow.schemas.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of commission-service, as two Kubernetes replicas would be: one consumer group, the
 * partitions of sales.v1 split between them, each sale accrued once whichever instance reads it; a
 * stopped instance's partitions move to the other; the hold job and the outbox relay, which both run in
 * each instance, still validate and publish each commission once.
 */
class ReplicasTest extends CommissionServiceTest {

    private static final String GROUP = "commission-service";

    @Test
    void twoInstancesSplitThePartitionsAndAStoppedOnesMoveToTheOther() throws Exception {
        ConfigurableApplicationContext second = secondInstance();
        try (Admin admin = admin()) {
            Set<Integer> all = partitionsOf(admin);
            // a rebalance passes through states where a member holds only part of its share: wait for the end
            // state (every partition of sales.v1 owned), then check that no partition has two owners
            List<Set<Integer>> split = await().atMost(PATIENCE)
                    .until(() -> salesAssignments(admin), members -> members.size() == 2 && covers(members, all));
            assertThat(split.get(0)).doesNotContainAnyElementsOf(split.get(1));

            ServiceUnderTest other = new ServiceUnderTest(
                    second.getEnvironment(), second.getBean(io.micrometer.core.instrument.MeterRegistry.class));
            double firstBefore = salesHandled();
            double secondBefore = other.handled("commission.sales");
            String merchant = unique("m");
            String influencer = unique("inf");
            List<String> orders = sales(merchant, influencer, 24);
            orders.forEach(order -> events(order, CommissionAccrued.class, 1));
            await().atMost(PATIENCE)
                    .until(() -> salesHandled() - firstBefore + other.handled("commission.sales") - secondBefore
                            >= orders.size());
            assertThat(salesHandled() - firstBefore)
                    .as("this instance read its partitions")
                    .isPositive();
            assertThat(other.handled("commission.sales") - secondBefore)
                    .as("the second instance read its partitions")
                    .isPositive();

            // both instances run the hold job on the same database: each commission is validated once
            clock.advance(DEFAULT_HOLD.plusHours(1));
            second.getBean(MutableClock.class).advance(DEFAULT_HOLD.plusHours(1));
            orders.forEach(order -> events(order, CommissionValidated.class, 1));

            second.close();
            List<Set<Integer>> alone = await().atMost(PATIENCE)
                    .alias("the stopped instance's partitions move to this one")
                    .until(() -> salesAssignments(admin), members -> members.size() == 1 && covers(members, all));
            assertThat(alone.getFirst()).isEqualTo(all);
            List<String> later = sales(merchant, influencer, 12);
            later.forEach(order -> events(order, CommissionAccrued.class, 1));

            // settled: every event of every order is on commissions.v1 exactly once (two relays, one outbox)
            List<String> everyOrder = new ArrayList<>(orders);
            everyOrder.addAll(later);
            Map<String, Long> perOrderAndKind = perOrderAndKind(everyOrder);
            assertThat(perOrderAndKind).hasSize(orders.size() * 2 + later.size());
            assertThat(perOrderAndKind.values()).containsOnly(1L);
            assertThat(balance(influencer, "EUR")[1])
                    .as("available once per validated commission")
                    .isEqualTo(orders.stream()
                            .mapToLong(o -> events(o, CommissionValidated.class, 1)
                                    .getFirst()
                                    .getInfluencerMinor())
                            .sum());
        } finally {
            second.close();
        }
    }

    /** Whether the members' partitions together are exactly {@code all}. */
    private static boolean covers(List<Set<Integer>> members, Set<Integer> all) {
        Set<Integer> union = new TreeSet<>();
        members.forEach(union::addAll);
        return union.equals(all);
    }

    /** The same service, configured as the test's instance is, in the same JVM. */
    private ConfigurableApplicationContext secondInstance() {
        Map<String, Object> properties = new java.util.LinkedHashMap<>(TestInfra.properties("commission-service"));
        properties.put("server.port", "0");
        properties.put("management.metrics.use-global-registry", "false");
        properties.put("tracknow.api.operator-token", OPERATOR);
        properties.put("tracknow.commission.hold.poll-interval", "200ms");
        properties.put("tracknow.commission.hold.batch-size", Integer.toString(HOLD_BATCH));
        // as arguments: they must win over the service's configuration file, as the test's own do
        return new SpringApplicationBuilder(CommissionApplication.class, Clocks.class)
                .properties(CommissionApplication.CONFIG)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }

    private List<String> sales(String merchant, String influencer, int count) {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(unique("order"));
            paid(merchant, orders.getLast(), influencer, 1000 + i, "EUR", List.of());
        }
        return orders;
    }

    private static Map<String, Long> perOrderAndKind(List<String> orders) {
        Set<String> wanted = new HashSet<>(orders);
        return commissions.values(e -> wanted.contains(e.getExternalOrderId())).stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        (CommissionEvent e) -> e.getExternalOrderId() + " "
                                + e.getEvent().getClass().getSimpleName(),
                        java.util.stream.Collectors.counting()));
    }

    private static Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.infra().kafka().bootstrapServers()));
    }

    private static Set<Integer> partitionsOf(Admin admin) throws Exception {
        Set<Integer> partitions = new TreeSet<>();
        admin.describeTopics(List.of(Topics.SALES.name()))
                .allTopicNames()
                .get()
                .get(Topics.SALES.name())
                .partitions()
                .forEach(p -> partitions.add(p.partition()));
        return partitions;
    }

    /**
     * The partitions of sales.v1 of each member that has some, in the service's consumer group (each
     * instance has one consumer per topic it listens to, all in that group).
     */
    private static List<Set<Integer>> salesAssignments(Admin admin) throws Exception {
        ConsumerGroupDescription group =
                admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
        List<Set<Integer>> members = new ArrayList<>();
        for (MemberDescription member : group.members()) {
            Set<Integer> mine = new TreeSet<>();
            for (TopicPartition partition : member.assignment().topicPartitions()) {
                if (partition.topic().equals(Topics.SALES.name())) {
                    mine.add(partition.partition());
                }
            }
            if (!mine.isEmpty()) {
                members.add(mine);
            }
        }
        return members;
    }
}
