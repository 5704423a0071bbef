package io.tracknow.notification.inapp;

import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An influencer's in-app feed (the operator's token or the influencer's own; another influencer's is a
 * 404): pages newest first, the unread count, mark one or all read, and a live Server-Sent Events
 * stream of new notifications. The stream reads the table (every {@code stream-poll-interval}), so it
 * shows notifications written by any replica; {@code Last-Event-ID} resumes after the last one seen.
 */
@RestController
class FeedController {

    private final Feed feed;
    private final NotificationProperties properties;

    FeedController(Feed feed, NotificationProperties properties) {
        this.feed = feed;
        this.properties = properties;
    }

    @GetMapping("/api/influencers/{influencerId}/notifications")
    Mono<ResponseEntity<List<Notification>>> page(
            Caller caller,
            @PathVariable String influencerId,
            @RequestParam(defaultValue = "0") String page,
            @RequestParam(defaultValue = "50") String size) {
        caller.requireInfluencer(influencerId);
        int pageNumber = number(page, "page", 0, 1_000_000);
        int pageSize = number(size, "size", 1, 200);
        return feed.total(influencerId)
                .zipWith(feed.unread(influencerId))
                .flatMap(counts -> feed.page(influencerId, pageNumber, pageSize)
                        .collectList()
                        .map(items -> ResponseEntity.ok()
                                .header("X-Total-Count", counts.getT1().toString())
                                .header("X-Unread-Count", counts.getT2().toString())
                                .body(items)));
    }

    @GetMapping("/api/influencers/{influencerId}/notifications/unread-count")
    Mono<Map<String, Long>> unread(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return feed.unread(influencerId).map(n -> Map.of("unread", n));
    }

    @PostMapping("/api/influencers/{influencerId}/notifications/{notificationId}/read")
    Mono<ResponseEntity<Void>> read(
            Caller caller, @PathVariable String influencerId, @PathVariable String notificationId) {
        caller.requireInfluencer(influencerId);
        UUID id;
        try {
            id = UUID.fromString(notificationId);
        } catch (IllegalArgumentException e) {
            return Mono.error(Caller.hidden());
        }
        return feed.markRead(influencerId, id)
                .flatMap(found ->
                        found ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(Caller.hidden()));
    }

    @PostMapping("/api/influencers/{influencerId}/notifications/read-all")
    Mono<Map<String, Long>> readAll(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return feed.markAllRead(influencerId).map(n -> Map.of("marked", n));
    }

    @GetMapping(
            path = "/api/influencers/{influencerId}/notifications/stream",
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Notification>> stream(
            Caller caller,
            @PathVariable String influencerId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        caller.requireInfluencer(influencerId);
        Mono<Long> start = lastEventId != null && lastEventId.matches("\\d{1,18}")
                ? Mono.just(Long.parseLong(lastEventId))
                : feed.lastSeq(influencerId);
        return start.flatMapMany(from -> {
            AtomicLong cursor = new AtomicLong(from);
            Flux<ServerSentEvent<Notification>> news = Flux.interval(properties.streamPollInterval())
                    .onBackpressureDrop()
                    .concatMap(tick -> feed.after(influencerId, cursor.get()), 1)
                    .doOnNext(n -> cursor.set(n.seq()))
                    .map(n -> ServerSentEvent.builder(n)
                            .id(Long.toString(n.seq()))
                            .event("notification")
                            .build());
            ServerSentEvent<Notification> hello = ServerSentEvent.<Notification>builder()
                    .comment("feed of " + influencerId)
                    .build();
            return Flux.concat(Mono.just(hello), news);
        });
    }

    private static int number(String value, String name, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiProblem(
                HttpStatus.BAD_REQUEST,
                "invalid-paging",
                "Invalid request",
                name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
}
