package io.tracknow.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the services need around them, started for real in one place: a KRaft Kafka broker, a schema
 * registry process, and one PostgreSQL database per service. Used by the embedded platform launcher
 * and, with throw-away database names, by the tests.
 */
public final class EmbeddedInfra implements AutoCloseable {

    private final Broker kafka;
    private final SchemaRegistry registry;
    private final PostgresDatabases postgres;
    private final Map<String, String> databases;
    private final boolean dropDatabasesOnClose;

    private EmbeddedInfra(
            Broker kafka,
            SchemaRegistry registry,
            PostgresDatabases postgres,
            Map<String, String> databases,
            boolean dropDatabasesOnClose) {
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
        this.databases = databases;
        this.dropDatabasesOnClose = dropDatabasesOnClose;
    }

    /**
     * Starts everything.
     *
     * @param registryPort registry port, 0 for any
     * @param services     service names; each gets a database
     * @param dbPrefix     prefix of the database names (e.g. "tracknow_"), null for a fresh random test prefix
     */
    public static EmbeddedInfra start(int registryPort, List<String> services, String dbPrefix) {
        return start(KafkaBroker::start, registryPort, services, dbPrefix);
    }

    /**
     * Starts everything around a broker of the caller's choice (a {@link KafkaServerProcess} for the
     * platform in separate processes).
     */
    public static EmbeddedInfra start(
            Supplier<? extends Broker> broker, int registryPort, List<String> services, String dbPrefix) {
        PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
        boolean throwAway = dbPrefix == null;
        String prefix =
                throwAway ? "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_" : dbPrefix;
        Map<String, String> databases = new LinkedHashMap<>();
        for (String service : services) {
            String name = prefix + service.replace('-', '_');
            postgres.ensure(name);
            databases.put(service, name);
        }
        Broker kafka = broker.get();
        SchemaRegistry registry;
        try {
            registry = SchemaRegistry.start(registryPort);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return new EmbeddedInfra(kafka, registry, postgres, databases, throwAway);
    }

    public Broker kafka() {
        return kafka;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public PostgresDatabases postgres() {
        return postgres;
    }

    public String database(String service) {
        String name = databases.get(service);
        if (name == null) {
            throw new IllegalArgumentException(
                    "no database was created for " + service + "; known: " + databases.keySet());
        }
        return name;
    }

    /**
     * The Spring properties that point one service at this infrastructure: its database, the broker
     * and the registry. Services read these names in their application.yml.
     */
    public Map<String, Object> springPropertiesFor(String service) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("tracknow.db.host", postgres.host());
        props.put("tracknow.db.port", postgres.port());
        props.put("tracknow.db.name", database(service));
        props.put("tracknow.db.user", postgres.user());
        props.put("tracknow.db.password", postgres.password());
        props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("tracknow.messaging.registry-url", registry.apiUrl());
        return props;
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
        if (dropDatabasesOnClose) {
            databases.values().forEach(db -> {
                try {
                    postgres.drop(db);
                } catch (RuntimeException ignored) {
                    // best effort: a test database left behind is harmless and uniquely named
                }
            });
        }
    }
}
