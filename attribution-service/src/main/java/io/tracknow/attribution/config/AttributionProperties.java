package io.tracknow.attribution.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param demo             seed the demo influencer and its TikTok creator id at start-up
 * @param attributionWindow how long before an order a click counts, unless the merchant set its own
 * @param publicBaseUrl    where {@code /r/{code}} is served, to print full tracking links
 * @param cookie           the first-party cookie the redirect sets
 * @param clickParameter   the query parameter under which the redirect hands the click id to the shop
 *                         ({@code click_id}, which ingest-gateway reads from Shopify's landing_site and
 *                         WooCommerce's meta_data); blank: the click id is not added
 */
@Validated
@ConfigurationProperties("tracknow.attribution")
public record AttributionProperties(
        boolean demo,
        @DefaultValue("30d") @NotNull Duration attributionWindow,
        @DefaultValue("http://localhost:8081") @NotBlank String publicBaseUrl,
        @DefaultValue @Valid Cookie cookie,

        @DefaultValue("click_id") @Pattern(regexp = "[A-Za-z0-9_.-]*", message = "must be a plain query parameter name")
        String clickParameter) {

    /**
     * @param name   the cookie's name; its value is the click id
     * @param maxAge how long the browser keeps it
     * @param secure send it over HTTPS only
     */
    public record Cookie(
            @DefaultValue("tn_click") @NotBlank String name,
            @DefaultValue("30d") @NotNull Duration maxAge,
            @DefaultValue("true") boolean secure) {}
}
