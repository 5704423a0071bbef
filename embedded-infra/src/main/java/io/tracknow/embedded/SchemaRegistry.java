package io.tracknow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apicurio Registry 3 server run as a child process from its Maven Central distribution
 * ({@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all}, unpacked by the embedded-infra
 * build), with in-memory storage. Its Confluent-compatible API is at {@link #ccompatUrl()}.
 * The global compatibility rule is set to BACKWARD, as in production.
 */
public final class SchemaRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistry.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SchemaRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the registry on the given port (0 for a free one) and waits until it answers. */
    public static SchemaRegistry start(int port) {
        Path home = RegistryHome.locate();
        int httpPort = port == 0 ? FreePorts.next() : port;
        int managementPort = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                ChildJvm.java(),
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.log.level=WARN",
                "-Dquarkus.http.access-log.enabled=false",
                "-jar",
                "quarkus-run.jar"));
        try {
            Path logFile = Files.createTempFile("apicurio-registry-", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            SchemaRegistry registry = new SchemaRegistry(process, httpPort);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "apicurio-registry-stop"));
            registry.awaitReady(logFile);
            registry.requireBackwardCompatibility();
            log.info("schema registry (Apicurio, {}) listening at {}", home.getFileName(), registry.url());
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry from " + home, e);
        }
    }

    /** Base URL of the registry, e.g. http://127.0.0.1:8081 */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The Apicurio v3 API, for the serde's {@code apicurio.registry.url}. */
    public String apiUrl() {
        return url() + "/apis/registry/v3";
    }

    /** The Confluent-compatible API that analytics tools point at. */
    public String ccompatUrl() {
        return url() + "/apis/ccompat/v7";
    }

    private void awaitReady(Path logFile) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the schema registry exited with " + process.exitValue() + "; see " + logFile);
            }
            if (get("/apis/registry/v3/system/info") == 200) {
                return;
            }
            try {
                // wait a little, or less if the process dies meanwhile
                process.onExit().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // expected while it starts
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("cannot watch the schema registry process", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the schema registry started", e);
            }
        }
        close();
        throw new IllegalStateException(
                "the schema registry did not answer within " + START_TIMEOUT + "; see " + logFile);
    }

    private void requireBackwardCompatibility() {
        int status = send(HttpRequest.newBuilder(URI.create(apiUrl() + "/admin/rules"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ruleType\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}"))
                .build());
        if (status != 204 && status != 200 && status != 409) {
            throw new IllegalStateException("cannot set the global BACKWARD compatibility rule: HTTP " + status);
        }
    }

    private int get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build());
    }

    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
