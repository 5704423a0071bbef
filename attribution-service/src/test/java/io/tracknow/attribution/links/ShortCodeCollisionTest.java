package io.tracknow.attribution.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.attribution.AttributionIntegrationTest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The unique key, not luck, keeps short codes unique: a taken code is retried with a fresh one. */
class ShortCodeCollisionTest extends AttributionIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Test
    void aCodeAlreadyTakenIsRetriedWithTheNextOne() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        String taken = new TrackingLinks(db, scripted("TAKEN" + suffix()))
                .create(merchant, influencer, "https://shop.example/")
                .block()
                .shortCode();
        String fresh = "FRESH" + suffix();

        TrackingLinks.Link link = new TrackingLinks(db, scripted(taken, taken, fresh))
                .create(merchant, influencer, "https://shop.example/")
                .block();

        assertThat(link.shortCode()).isEqualTo(fresh);
    }

    @Test
    void aCodeSpelledLikeOneOfTheMerchantsPromoCodesIsSkipped() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        String promo = "PROMO" + suffix();
        promoCode(influencer, promo.toLowerCase());
        String fresh = "FRESH" + suffix();

        assertThat(new TrackingLinks(db, scripted(promo, fresh))
                        .create(merchant, influencer, "https://shop.example/")
                        .block()
                        .shortCode())
                .isEqualTo(fresh);
    }

    @Test
    void givesUpAfterABoundedNumberOfCollisions() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        String taken = new TrackingLinks(db, scripted("STUCK" + suffix()))
                .create(merchant, influencer, "https://shop.example/")
                .block()
                .shortCode();

        assertThatThrownBy(() -> new TrackingLinks(db, () -> taken)
                        .create(merchant, influencer, "https://shop.example/")
                        .block())
                .hasMessageContaining("no free short code after " + TrackingLinks.MAX_ATTEMPTS);
    }

    private static java.util.function.Supplier<String> scripted(String... codes) {
        Deque<String> queue = new ArrayDeque<>(List.of(codes));
        return queue::removeFirst;
    }

    private static String suffix() {
        return unique("x").substring(2, 5).toUpperCase();
    }
}
