package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.embedded.FreePorts;
import io.tracknow.embedded.PostgresDatabases;
import io.tracknow.messaging.testsupport.TestHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer does with the README's first command, as separate processes: the launcher's
 * {@code start} brings the whole platform up and says so, {@code demo} shows the seed order's money
 * moving, and Ctrl-C (SIGINT) stops everything: the process exits, every port is free again and the
 * schema registry's child process is gone. Ports and databases are moved off the defaults
 * (TRACKNOW_PORT_BASE, TRACKNOW_DB_PREFIX) so a platform the developer runs is not disturbed.
 */
class PlatformProcessTest {

    private static final int PORTS = ServiceSpec.ALL.size() + 1;
    private static final HttpClient HTTP = TestHttp.client();

    @Test
    void startsTheWholePlatformRunsTheDemoAndStopsCleanlyOnCtrlC() throws Exception {
        startRunTheDemoAndStop(false);
    }

    /**
     * The same, as deployed: Kafka as its own process ({@code kafka.Kafka}) and each service as
     * {@code java -jar <service>-exec.jar}, configured only from the environment.
     */
    @Test
    void startsKafkaAndEachServiceAsItsOwnProcessRunsTheDemoAndStopsThemAllOnCtrlC() throws Exception {
        startRunTheDemoAndStop(true);
    }

    private void startRunTheDemoAndStop(boolean processes) throws Exception {
        int base = FreePorts.range(PORTS + 2);
        String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        Path stateDir = Files.createTempDirectory("tracknow-state");
        Map<String, String> env = Map.of(
                "TRACKNOW_PORT_BASE",
                Integer.toString(base),
                "TRACKNOW_DB_PREFIX",
                prefix,
                "TRACKNOW_STATE_DIR",
                stateDir.toString(),
                "KAFKA_PORT",
                Integer.toString(base + PORTS));
        Process launcher = processes ? launch(env, "start", "--processes") : launch(env, "start");
        Output started = Output.of(launcher);
        try {
            await().atMost(Duration.ofMinutes(processes ? 6 : 3))
                    // the banner's last line: the output is read line by line, so "is up" alone may be half of it
                    .until(() -> started.text().contains("read a topic as JSON lines") || !launcher.isAlive());
            assertThat(launcher.isAlive()).as(started.text()).isTrue();
            for (int port = base; port < base + PORTS; port++) {
                assertThat(listening(port)).as("port %d after start", port).isTrue();
            }
            assertThat(started.text()).contains("http://127.0.0.1:" + base, "demo-operator-token");
            for (int port = base; port < base + ServiceSpec.ALL.size(); port++) {
                assertOperable(port);
            }

            Process demo = launch(env, "demo");
            Output demoOutput = Output.of(demo);
            assertThat(demo.waitFor(2, TimeUnit.MINUTES)).isTrue();
            demoOutput.join();
            assertThat(demo.exitValue()).as(demoOutput.text()).isZero();
            assertThat(demoOutput.text())
                    .contains(
                            "18.83 USD PENDING (15 %)",
                            "6.28 USD (5 %)",
                            "100.39 USD of 125.50 USD",
                            "owes 25.11 USD",
                            "IN_APP: Vous avez gagn",
                            "-> 201 influencer token tok-",
                            "-> 204 (revoked");

            Process tail = launch(
                    env,
                    "tail",
                    "orders.v1",
                    "--from-beginning",
                    "--key",
                    DemoWebhook.MERCHANT + "|TIKTOK_SHOP|" + DemoWebhook.ORDER_ID,
                    "--max",
                    "1");
            Output tailOutput = Output.of(tail);
            assertThat(tail.waitFor(1, TimeUnit.MINUTES)).as(tailOutput.text()).isTrue();
            tailOutput.join();
            assertThat(tail.exitValue()).as(tailOutput.text()).isZero();
            assertThat(tailOutput.text())
                    .as("the demo order, found through the address file 'start' wrote")
                    .contains("\"externalOrderId\":\"" + DemoWebhook.ORDER_ID + "\"", "\"totalMinor\":12550");

            List<ProcessHandle> children = launcher.descendants().toList();
            assertThat(children)
                    .as("the schema registry runs as a child process")
                    .isNotEmpty();
            if (processes) {
                List<String> commands = children.stream()
                        .map(child -> child.info().commandLine().orElse(""))
                        .toList();
                for (String service : ServiceSpec.names()) {
                    assertThat(commands)
                            .as("%s runs as its own java -jar", service)
                            .anyMatch(command -> command.contains("-jar")
                                    && command.contains(service + "-")
                                    && command.contains("-exec.jar"));
                }
                // the classpath makes the line long, and the JDK may not read all of it: its logging file names it
                assertThat(commands)
                        .as("Kafka runs as its own process, its data in the state directory")
                        .anyMatch(command -> command.contains("-Dlogback.configurationFile="
                                + stateDir.resolve("kafka").resolve("logback.xml")));
            }
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid()))
                            .start()
                            .waitFor())
                    .isZero();

            assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).as(started.text()).isTrue();
            started.join();
            assertThat(started.text()).contains("stopping the platform");
            assertThat(RunningPlatform.stateFile(env::get))
                    .as("the address file goes with the platform")
                    .doesNotExist();
            for (ProcessHandle child : children) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
            }
            for (int port = base; port < base + PORTS + (processes ? 1 : 0); port++) {
                assertThat(listening(port)).as("port %d after Ctrl-C", port).isFalse();
            }
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            PostgresDatabases databases = PostgresDatabases.fromEnvironment();
            ServiceSpec.names().forEach(service -> databases.drop(prefix + service.replace('-', '_')));
        }
    }

    /** What Kubernetes probes and Prometheus scrape, on one service. */
    private static void assertOperable(int port) throws Exception {
        for (String probe : List.of("liveness", "readiness")) {
            HttpResponse<String> health = get(port, "/actuator/health/" + probe);
            assertThat(health.statusCode())
                    .as("%s on %d: %s", probe, port, health.body())
                    .isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");
        }
        // WebFlux records a request's timer when its exchange completes on the server, which may be just after
        // the client has read the answer: the probes' timings show up in a scrape soon, not necessarily the next
        HttpResponse<String> metrics = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get(port, "/actuator/prometheus"),
                        scrape -> scrape.statusCode() == 200 && scrape.body().contains("http_server_requests_seconds"));
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Process launch(Map<String, String> env, String... command) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> line = new java.util.ArrayList<>(List.of(
                java.toString(),
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                PlatformLauncher.class.getName()));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A process's combined output, read as it comes so the process never blocks on a full pipe. */
    private static final class Output {

        private final StringBuffer text = new StringBuffer();
        private final Thread reader;

        private Output(Process process) {
            reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        text.append(line).append('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        static Output of(Process process) {
            return new Output(process);
        }

        String text() {
            return text.toString();
        }

        void join() throws InterruptedException {
            reader.join(Duration.ofSeconds(10));
        }
    }
}
