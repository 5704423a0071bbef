package io.tracknow.payment.collect.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The payments API for client platforms (seed 004): its settings, validated at start-up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CollectProperties.class)
class CollectConfiguration {}
