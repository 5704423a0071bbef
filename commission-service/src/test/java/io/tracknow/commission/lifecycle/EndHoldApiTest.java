package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.commission.CommissionServiceTest;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionValidated;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operator's early end of a hold, through HTTP, Kafka and PostgreSQL. */
class EndHoldApiTest extends CommissionServiceTest {

    @Test
    void theOperatorEndsAHoldAndTheCommissionIsValidatedAtOnce() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        paid(merchant, order, influencer, 12550, "USD", List.of());
        String commission = event(order, CommissionAccrued.class).getCommissionId();
        String path = "/api/commissions/" + commission + "/end-hold";

        assertThat(request("POST", path, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> ended = request("POST", path, OPERATOR, null);

        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(events(order, CommissionValidated.class, 1).getFirst().getInfluencerMinor())
                .isEqualTo(1883);
        assertThat(balance(influencer, "USD")).containsExactly(0, 1883, 0);
        assertThat(request("POST", path, OPERATOR, null).statusCode())
                .as("no longer in its hold")
                .isEqualTo(409);
        assertThat(request("POST", "/api/commissions/" + UUID.randomUUID() + "/end-hold", OPERATOR, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(request("POST", "/api/commissions/not-an-id/end-hold", OPERATOR, null)
                        .statusCode())
                .isEqualTo(404);
    }
}
