package io.tracknow.launcher;

import io.tracknow.embedded.ChildJvm;
import io.tracknow.embedded.EmbeddedInfra;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The five services each in its own JVM, started as in production: {@code java -jar <service>-exec.jar}
 * configured only from the environment (the properties go in {@code SPRING_APPLICATION_JSON}), each
 * logging to {@code <state dir>/logs/<service>.log}. A service can be killed (SIGKILL) and started
 * again on its port, which the chaos run and the fault tests do.
 */
final class ProcessPlatform implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Service> services;
    private final Map<String, Path> jars;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private ProcessPlatform(Map<String, Service> services, Map<String, Path> jars) {
        // the chaos run adds, kills and restarts instances from another thread than the one that reads them
        this.services = Collections.synchronizedMap(services);
        this.jars = jars;
    }

    /** One service process: how to start it, and the process while it runs. */
    private static final class Service {

        final ServiceSpec spec;
        final Map<String, String> properties;
        final Path log;
        final int port;
        Process process;

        Service(ServiceSpec spec, Map<String, String> properties, Path log, int port) {
            this.spec = spec;
            this.properties = properties;
            this.log = log;
            this.port = port;
        }

        /** Another instance of the same service: its configuration with another port and log. */
        Service another(int port, Path log) {
            Map<String, String> changed = new LinkedHashMap<>(properties);
            changed.put("server.port", Integer.toString(port));
            return new Service(spec, changed, log, port);
        }

        List<String> command(Path jar) {
            return List.of(
                    ChildJvm.java(),
                    "-XX:+UseSerialGC",
                    "-Xmx384m",
                    "-Xss512k",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    jar.toString());
        }

        Map<String, String> environment() {
            return Map.of("SPRING_APPLICATION_JSON", JSON.writeValueAsString(properties), "LOG_FORMAT", "");
        }
    }

    /**
     * Starts every service as its own process on {@code portBase}.. and waits until each is ready.
     *
     * @param jars     where the {@code <service>-*-exec.jar} files are (see {@link #jarsFrom})
     * @param stateDir where the logs go
     */
    static ProcessPlatform start(
            EmbeddedInfra infra,
            int portBase,
            boolean demo,
            Map<String, String> extra,
            Map<String, Path> jars,
            Path stateDir) {
        Map<String, Service> services = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            int port = spec.port(portBase);
            services.put(
                    spec.name(),
                    new Service(
                            spec,
                            EmbeddedPlatform.properties(spec, port, infra, demo, extra),
                            stateDir.resolve("logs").resolve(spec.name() + ".log"),
                            port));
        }
        ProcessPlatform platform = new ProcessPlatform(services, jars);
        try {
            services.values().forEach(platform::launch);
            services.keySet().forEach(platform::awaitReady);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * The executable jar of each service: in {@code TRACKNOW_SERVICE_JARS} when set, else in
     * {@code <service>/target} of the repository (the working directory or its parent, so that it works
     * from the repository root and from platform-launcher's tests).
     */
    static Map<String, Path> jarsFrom(Path workingDir, String override) {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            List<Path> places = override != null && !override.isBlank()
                    ? List.of(Path.of(override.trim()))
                    : List.of(
                            workingDir.resolve(spec.name()).resolve("target"),
                            workingDir
                                    .toAbsolutePath()
                                    .getParent()
                                    .resolve(spec.name())
                                    .resolve("target"));
            Path jar = places.stream()
                    .map(dir -> execJar(dir, spec.name()))
                    .flatMap(Optional::stream)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + spec.name() + "-*-exec.jar in " + places
                            + "; build it with ./mvnw -DskipTests -pl platform-launcher -am package"));
            jars.put(spec.name(), jar);
        }
        return jars;
    }

    private static Optional<Path> execJar(Path dir, String service) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith(service + "-") && name.endsWith("-exec.jar");
                    })
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl(String service) {
        return "http://127.0.0.1:" + service(service).port;
    }

    /** Every instance's name: each service's, then any added with {@link #addInstance}. */
    List<String> names() {
        synchronized (services) {
            return List.copyOf(services.keySet());
        }
    }

    /** The running process of a service, e.g. to watch it or to signal it. */
    ProcessHandle process(String service) {
        return service(service).process.toHandle();
    }

    /**
     * Starts one more instance of a running service, as a second Kubernetes replica would be: the same
     * configuration, database and consumer group, on another port, logging to {@code <service>-<n>.log}.
     * Returns its name, {@code <service>#<n>}, for {@link #kill}, {@link #restart} and {@link #baseUrl}.
     */
    synchronized String addInstance(String service, int port) {
        Service first = service(service);
        int n = 2;
        while (services.containsKey(service + "#" + n)) {
            n++;
        }
        String name = service + "#" + n;
        Service instance = first.another(port, first.log.resolveSibling(service + "-" + n + ".log"));
        services.put(name, instance);
        launch(instance);
        awaitReady(name);
        return name;
    }

    /** Kills a service as a crash would (SIGKILL: no shutdown hook, nothing flushed). */
    void kill(String service) {
        Process process = service(service).process;
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a stopped or killed service again on its port and waits until it is ready. */
    void restart(String service) {
        Service s = service(service);
        if (s.process != null && s.process.isAlive()) {
            throw new IllegalStateException(service + " is still running");
        }
        launch(s);
        awaitReady(service);
    }

    /** Stops every service (SIGTERM: graceful shutdown), the last started first. */
    @Override
    public void close() {
        List<Service> running;
        synchronized (services) {
            running = new ArrayList<>(services.values());
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            Process process = running.get(i).process;
            if (process != null && process.isAlive()) {
                process.destroy();
            }
        }
        for (Service service : running) {
            Process process = service.process;
            try {
                if (process != null && !process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + "; known: " + services.keySet());
        }
        return service;
    }

    private void launch(Service service) {
        try {
            Files.createDirectories(service.log.getParent());
            ProcessBuilder builder = new ProcessBuilder(service.command(jars.get(service.spec.name())))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(service.log.toFile()));
            builder.environment().putAll(service.environment());
            service.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.spec.name(), e);
        }
    }

    private void awaitReady(String name) {
        Service service = service(name);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        URI readiness = URI.create(baseUrl(name) + "/actuator/health/readiness");
        while (Instant.now().isBefore(deadline)) {
            if (!service.process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + service.process.exitValue() + "; see " + service.log);
            }
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(readiness)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + name + " started", e);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; see " + service.log);
    }
}
