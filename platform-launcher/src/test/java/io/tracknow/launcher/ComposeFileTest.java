package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.embedded.KafkaServerProcess;
import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot drift from the code (Docker is not here to run it, so it is read): each
 * service runs the image the build makes, is given only variables it reads and every one it needs, has
 * a readiness health check, and starts after what it needs is healthy or done; the topics created are
 * the platform's, with the partitions of the other deployments; the registry gets its BACKWARD rule;
 * the demo data is seeded so that {@code ./platform demo} works against it.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"), StandardCharsets.UTF_8)) {
            Map<String, Object> compose = new Yaml().load(in);
            services = (Map<String, Object>) compose.get("services");
        }
    }

    @Test
    void eachServiceRunsItsImageWithTheVariablesItReadsAndNeeds() throws Exception {
        JibConfiguration jib = JibConfiguration.read(ROOT);
        for (ServiceSpec spec : ServiceSpec.ALL) {
            Map<String, Object> service = service(spec.name());
            assertThat(service.get("image")).as("image of %s", spec.name()).isEqualTo(jib.image(spec.name()));
            Map<String, Object> environment = map(service.get("environment"));
            ServiceVariables variables = ServiceVariables.of(spec.name());
            assertThat(environment.keySet())
                    .as("variables given to %s", spec.name())
                    .allMatch(variables::reads, "read by " + spec.name());
            assertThat(environment.keySet())
                    .as("variables %s cannot start without", spec.name())
                    .containsAll(variables.required());
            assertThat(environment)
                    .as(spec.name())
                    .containsEntry("DB_NAME", "tracknow_" + spec.name().replace('-', '_'))
                    .containsEntry("SERVER_PORT", "8080");
        }
    }

    @Test
    void eachServiceIsHealthCheckedOnReadinessAndStartsAfterWhatItNeeds() {
        for (String name : ServiceSpec.names()) {
            Map<String, Object> service = service(name);
            List<?> test = (List<?>) map(service.get("healthcheck")).get("test");
            assertThat(String.join(" ", test.stream().map(Object::toString).toList()))
                    .as("health check of %s", name)
                    .contains("/actuator/health/readiness", "\"UP\"");
            Map<String, Object> dependsOn = map(service.get("depends_on"));
            assertThat(dependsOn.keySet())
                    .as("%s depends on", name)
                    .contains("postgres", "kafka-topics", "registry-rules");
            dependsOn.forEach((dependency, condition) -> {
                String expected = service(dependency).containsKey("healthcheck")
                        ? "service_healthy"
                        : "service_completed_successfully";
                assertThat(map(condition).get("condition"))
                        .as("%s waits for %s", name, dependency)
                        .isEqualTo(expected);
            });
        }
        for (String infra : List.of("postgres", "kafka", "registry", "mailpit")) {
            assertThat(service(infra)).as("%s has a health check", infra).containsKey("healthcheck");
        }
    }

    @Test
    void createsEveryTopicWithTheDeployedPartitionsAndSetsTheRegistryRule() {
        String script = String.join(
                "\n",
                ((List<?>) service("kafka-topics").get("command"))
                        .stream().map(Object::toString).toList());
        Matcher list = Pattern.compile("for topic in ([a-z0-9. -]+); do").matcher(script);
        assertThat(list.find()).as(script).isTrue();
        Set<String> created = new TreeSet<>(List.of(list.group(1).trim().split("\\s+")));
        Set<String> events = new TreeSet<>(Topics.ALL.stream()
                .filter(topic -> !topic.compacted())
                .map(Topic::name)
                .toList());
        assertThat(created).isEqualTo(events);
        for (String table :
                Topics.ALL.stream().filter(Topic::compacted).map(Topic::name).toList()) {
            assertThat(script)
                    .as("the table %s, compacted", table)
                    .containsPattern("--topic " + Pattern.quote(table) + " [^\n]*--config cleanup.policy=compact");
        }
        assertThat(script)
                .contains(
                        "--topic \"$$topic\" --partitions " + KafkaServerProcess.PARTITIONS + " ",
                        "--topic \"$$topic.dlq\"");

        String rules = String.join(
                "\n",
                ((List<?>) service("registry-rules").get("command"))
                        .stream().map(Object::toString).toList());
        assertThat(rules).contains("\"ruleType\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"", "/admin/rules");
    }

    @Test
    void seedsTheDemoSoThatPlatformDemoWorksAgainstIt() {
        for (String name : List.of("ingest-gateway", "attribution-service")) {
            assertThat(map(service(name).get("environment")).get("TRACKNOW_DEMO"))
                    .as(name)
                    .isEqualTo("${TRACKNOW_DEMO:-true}");
        }
        for (ServiceSpec spec : ServiceSpec.ALL) {
            assertThat(((List<?>) service(spec.name()).get("ports"))
                            .stream().map(Object::toString).toList())
                    .as("%s on its local port", spec.name())
                    .containsExactly(spec.defaultPort() + ":8080");
        }
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).as("compose services").containsKey(name);
        return map(services.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }
}
