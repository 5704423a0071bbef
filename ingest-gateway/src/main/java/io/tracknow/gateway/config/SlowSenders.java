package io.tracknow.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * How slowly a sender may deliver a request. The gateway faces the internet: a client that opens a
 * request and then trickles its body (or stops sending) would otherwise hold a connection and a
 * pending webhook for ever. A webhook body is at most 1 MiB and shops send it at once, so the limits
 * are generous for them and short for a slow-loris. Past either limit the connection is answered 408
 * (Request Timeout) if nothing was answered yet, and closed; nothing is published.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlowSenders.Limits.class)
class SlowSenders {

    /**
     * @param readTimeout    longest silence between two reads of one request's body
     * @param requestTimeout longest time to receive one request's whole body
     */
    @Validated
    @ConfigurationProperties("tracknow.gateway.slow-senders")
    record Limits(@NotNull Duration readTimeout, @NotNull Duration requestTimeout) {}

    @Bean
    NettyServerCustomizer slowSenderLimits(Limits limits) {
        return server -> server.readTimeout(limits.readTimeout()).requestTimeout(limits.requestTimeout());
    }
}
