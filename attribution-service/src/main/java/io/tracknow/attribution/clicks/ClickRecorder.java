package io.tracknow.attribution.clicks;

import io.tracknow.attribution.links.TrackingLinks.Link;
import io.tracknow.events.clicks.LinkClicked;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Records a click on a tracking link and its clicks.v1 LinkClicked event in one transaction, so
 * that the click id the buyer's cookie carries can later be resolved by attribution, and the event
 * is published if and only if the click was recorded. Client data is anonymised (hashed address).
 */
@Component
class ClickRecorder {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator transactions;

    ClickRecorder(DatabaseClient db, Outbox outbox, TransactionalOperator transactions) {
        this.db = db;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    record Client(String ipSha256, String userAgent, String referrer) {}

    /** @return the new click id */
    Mono<String> record(Link link, Instant at, Client client) {
        String clickId = UUID.randomUUID().toString();
        LinkClicked event = LinkClicked.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setClickId(clickId)
                .setShortCode(link.shortCode())
                .setMerchantId(link.merchantId())
                .setInfluencerId(link.influencerId())
                .setIpSha256(client.ipSha256())
                .setUserAgent(truncate(client.userAgent()))
                .setReferrer(truncate(client.referrer()))
                .build();
        Mono<Void> work = db.sql("INSERT INTO clicks (click_id, short_code, merchant_id, influencer_id, clicked_at)"
                        + " VALUES (:click, :code, :merchant, :influencer, :at)")
                .bind("click", clickId)
                .bind("code", link.shortCode())
                .bind("merchant", link.merchantId())
                .bind("influencer", link.influencerId())
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .then(outbox.add(Topics.CLICKS, event));
        return transactions.transactional(work).thenReturn(clickId);
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 500 ? value : value.substring(0, 500);
    }
}
