package io.tracknow.attribution;

import io.tracknow.messaging.testsupport.KeepAliveCheck;
import io.tracknow.messaging.testsupport.KeepAliveCheck.Exchange;
import org.junit.jupiter.api.Test;

/**
 * Browsers and the ingress in front of the tracking host reuse connections: the service answers every
 * request on a kept-alive connection, also one that arrives while a redirect is still being answered
 * from a database thread (docs/architecture.md, "The keep-alive hang").
 */
class KeepAliveTest extends AttributionIntegrationTest {

    @Test
    void answersRequestsPipelinedBehindATrackingRedirectThatRecordsItsClick() throws Exception {
        String merchant = unique("m");
        String code = linkedInfluencer(merchant, unique("inf"), "https://shop.example/p");

        KeepAliveCheck.onPort(port()).pipelinedBehind(Exchange.get("/r/" + code, 302));
    }

    @Test
    void answersHundredsOfRequestsOneAfterTheOtherOnOneConnection() throws Exception {
        String merchant = unique("m");
        trackingSettings(merchant, 7, "shop.example");
        Exchange settings = Exchange.get("/api/merchants/" + merchant + "/tracking-settings", 200)
                .withHeader("Authorization", "Bearer " + OPERATOR);

        KeepAliveCheck.onPort(port()).oneAfterAnother(settings, 300);
    }

    private int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }
}
