package io.tracknow.commission;

import io.tracknow.messaging.testsupport.KeepAliveCheck;
import io.tracknow.messaging.testsupport.KeepAliveCheck.Exchange;
import org.junit.jupiter.api.Test;

/**
 * Dashboards and the ingress in front of the API reuse connections: the service answers every request
 * on a kept-alive connection, also one that arrives while a ledger query is still being answered from
 * a database thread (docs/architecture.md, "The keep-alive hang").
 */
class KeepAliveTest extends CommissionServiceTest {

    @Test
    void answersRequestsPipelinedBehindABalanceReadFromTheLedger() throws Exception {
        KeepAliveCheck.onPort(port())
                .pipelinedBehind(Exchange.get("/api/influencers/" + unique("inf") + "/balances", 200)
                        .withHeader("Authorization", "Bearer " + OPERATOR));
    }

    @Test
    void answersHundredsOfRequestsOneAfterTheOtherOnOneConnection() throws Exception {
        KeepAliveCheck.onPort(port())
                .oneAfterAnother(
                        Exchange.get("/api/influencers/" + unique("inf") + "/statement", 200)
                                .withHeader("Authorization", "Bearer " + OPERATOR),
                        300);
    }

    private int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }
}
