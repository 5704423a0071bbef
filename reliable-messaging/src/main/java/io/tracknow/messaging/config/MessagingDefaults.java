package io.tracknow.messaging.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code messaging-defaults.yml} as the lowest-priority configuration of every service: the
 * settings they all share (serde, acks, observability, logging, database URLs built from
 * {@code tracknow.db.*}). A service's application.yml and the environment override any of them.
 */
public class MessagingDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new YamlPropertySourceLoader()
                    .load("tracknow-messaging-defaults", new ClassPathResource("messaging-defaults.yml"))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read messaging-defaults.yml", e);
        }
    }
}
