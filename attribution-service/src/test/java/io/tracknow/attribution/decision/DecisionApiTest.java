package io.tracknow.attribution.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.AttributionIntegrationTest;
import io.tracknow.events.common.OrderStatus;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GET /api/attributions/{merchantId}/{orderId}: only the operator and the order's own merchant may read a decision. */
class DecisionApiTest extends AttributionIntegrationTest {

    @Test
    void theOperatorAndTheOrdersOwnMerchantReadTheDecisionOthersDoNot() throws Exception {
        String orderOfA = unique("order");
        String orderOfOther = unique("order");
        String other = unique("shop");
        publish(order("shop-a", orderOfA, OrderStatus.PAID, Instant.now(), hints())
                .build());
        publish(order(other, orderOfOther, OrderStatus.PAID, Instant.now(), hints())
                .build());
        awaitFirstSale(orderOfA);
        awaitFirstSale(orderOfOther);
        String pathOfA = "/api/attributions/shop-a/" + orderOfA;
        String pathOfOther = "/api/attributions/" + other + "/" + orderOfOther;

        assertThat(ok(send("GET", pathOfA, SHOP_A_TOKEN, null), 200)
                        .get(0)
                        .path("externalOrderId")
                        .asString())
                .isEqualTo(orderOfA);
        assertThat(ok(send("GET", pathOfOther, OPERATOR, null), 200)
                        .get(0)
                        .path("merchantId")
                        .asString())
                .isEqualTo(other);
        assertProblem(send("GET", pathOfA, null, null), 401, "unauthorized");
        assertThat(send("GET", pathOfA, null, null).headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        assertProblem(send("GET", pathOfA, "guess", null), 401, "unauthorized");
        // checked before the lookup: another merchant's token cannot tell a known order from an unknown one
        HttpResponse<String> known = send("GET", pathOfOther, SHOP_A_TOKEN, null);
        HttpResponse<String> unknown = send("GET", "/api/attributions/" + other + "/no-such-order", SHOP_A_TOKEN, null);
        assertProblem(known, 404, "not-found");
        assertThat(unknown.body().replace("no-such-order", orderOfOther)).isEqualTo(known.body());
        assertProblem(send("GET", "/api/attributions/shop-a/no-such-order", SHOP_A_TOKEN, null), 404, "unknown-order");
    }
}
