package io.tracknow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class EmbeddedInfraTest {

    @Test
    void startsABrokerWithEveryTopicARegistryWithTheBackwardRuleAndTheDatabases() throws Exception {
        EmbeddedInfra infra = SharedTestInfra.get();

        Set<String> topics = ((KafkaBroker) infra.kafka()).raw().doWithAdminFunction(admin -> {
            try {
                return admin.listTopics().names().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (Topic<?> topic : Topics.ALL) {
            assertThat(topics).contains(topic.name());
            if (!topic.compacted()) {
                assertThat(topics).contains(topic.dlq());
            }
        }
        Map<ConfigResource, Config> configs = ((KafkaBroker) infra.kafka())
                .raw()
                .doWithAdminFunction(admin -> {
                    try {
                        return admin.describeConfigs(List.of(
                                        new ConfigResource(ConfigResource.Type.TOPIC, Topics.ACCESS_TOKENS.name())))
                                .all()
                                .get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertThat(configs.values().iterator().next().get("cleanup.policy").value())
                .isEqualTo("compact");

        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> rule = http.send(
                HttpRequest.newBuilder(URI.create(infra.registry().apiUrl() + "/admin/rules/COMPATIBILITY"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rule.body()).contains("BACKWARD");
        HttpResponse<String> subjects = http.send(
                HttpRequest.newBuilder(URI.create(infra.registry().ccompatUrl() + "/subjects"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.statusCode()).isEqualTo(200);

        String db = infra.database("commission-service");
        try (var connection = DriverManager.getConnection(
                infra.postgres().jdbcUrl(db), infra.postgres().user(), "")) {
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    @Test
    void refusesADatabaseNameThatCouldInjectSql() {
        PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
        assertThatThrownBy(() -> postgres.ensure("x; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void creatingADatabaseTwiceIsHarmless() {
        PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
        String name = "t_twice_" + ProcessHandle.current().pid();
        try {
            assertThat(postgres.ensure(name)).isTrue();
            assertThat(postgres.ensure(name)).isFalse();
        } finally {
            postgres.drop(name);
        }
    }
}
