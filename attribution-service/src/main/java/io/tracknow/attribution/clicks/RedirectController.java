package io.tracknow.attribution.clicks;

import io.tracknow.attribution.config.AttributionProperties;
import io.tracknow.attribution.influencers.Influencer;
import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.attribution.links.TrackingLinks;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /r/{code}}: a buyer followed an influencer's tracking link. We record the click and
 * answer 302 to the link's destination with utm_source = the short code (and the influencer's
 * utm_medium / utm_campaign) and the click id under {@code click_id}. The click id must travel in the
 * URL: the shop cannot read our cookie (it is HttpOnly and set on the tracking host), but Shopify keeps
 * the landing URL of the order ({@code landing_site}) and a WooCommerce shop can copy the parameter
 * into the order's meta data, both of which ingest-gateway turns into the order's click id. The
 * first-party cookie holding the click id (30 days by default) is still set, for a shop served from
 * the tracking host's domain. An
 * unknown code is a 404 page and records and publishes nothing. A HEAD request (link previews,
 * crawlers checking the link) gets the same redirect but is not a click: nothing is recorded.
 */
@RestController
class RedirectController {

    private static final String NOT_FOUND_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>
            <body><h1>Link not found</h1><p>This tracking link does not exist or is no longer active.</p></body></html>
            """;

    private final TrackingLinks links;
    private final InfluencerDirectory influencers;
    private final ClickRecorder recorder;
    private final AttributionProperties.Cookie cookie;
    private final String clickParameter;
    private final Clock clock;

    RedirectController(
            TrackingLinks links,
            InfluencerDirectory influencers,
            ClickRecorder recorder,
            AttributionProperties properties,
            Clock clock) {
        this.links = links;
        this.influencers = influencers;
        this.recorder = recorder;
        this.cookie = properties.cookie();
        this.clickParameter = properties.clickParameter();
        this.clock = clock;
    }

    @GetMapping("/r/{code}")
    Mono<ResponseEntity<String>> redirect(@PathVariable String code, ServerHttpRequest request) {
        boolean head = request.getMethod() == HttpMethod.HEAD;
        return links.find(code)
                .flatMap(link -> influencers
                        .find(link.influencerId())
                        .flatMap(influencer -> head
                                ? Mono.just(found(link, influencer, null))
                                : recorder.record(link, clock.instant(), client(request))
                                        .map(clickId -> found(link, influencer, clickId))))
                .defaultIfEmpty(ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .contentType(MediaType.TEXT_HTML)
                        .body(NOT_FOUND_PAGE));
    }

    private ResponseEntity<String> found(TrackingLinks.Link link, Influencer influencer, String clickId) {
        Map<String, String> utm = new LinkedHashMap<>();
        utm.put("utm_source", link.shortCode());
        utm.put("utm_medium", influencer.utmMedium());
        utm.put("utm_campaign", influencer.utmCampaign());
        if (clickId != null && !clickParameter.isBlank()) {
            utm.put(clickParameter, clickId);
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create(RedirectTarget.of(link.destination(), utm)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (clickId != null) {
            response.header(
                    HttpHeaders.SET_COOKIE,
                    ResponseCookie.from(cookie.name(), clickId)
                            .maxAge(cookie.maxAge())
                            .path("/")
                            .httpOnly(true)
                            .secure(cookie.secure())
                            .sameSite("Lax")
                            .build()
                            .toString());
        }
        return response.build();
    }

    private static ClickRecorder.Client client(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String ip = remote == null || remote.getAddress() == null
                ? null
                : remote.getAddress().getHostAddress();
        return new ClickRecorder.Client(
                ip == null ? null : sha256(ip),
                request.getHeaders().getFirst(HttpHeaders.USER_AGENT),
                request.getHeaders().getFirst(HttpHeaders.REFERER));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
