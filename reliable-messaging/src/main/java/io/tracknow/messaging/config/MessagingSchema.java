package io.tracknow.messaging.config;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates the inbox and outbox tables in their own PostgreSQL schema, {@code messaging}, with their
 * own Flyway history, so that they evolve with this module and never clash with a service's own
 * migrations.
 */
public class MessagingSchema implements InitializingBean {

    public static final String SCHEMA = "messaging";

    private final String url;
    private final String user;
    private final String password;

    public MessagingSchema(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
                .dataSource(url, user, password)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/messaging")
                .load()
                .migrate();
    }
}
