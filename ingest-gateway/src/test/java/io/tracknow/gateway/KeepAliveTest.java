package io.tracknow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.common.OrderStatus;
import io.tracknow.messaging.testsupport.KeepAliveCheck;
import io.tracknow.messaging.testsupport.KeepAliveCheck.Exchange;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Shops, ingress proxies and load balancers send many webhooks over one kept-alive connection: the
 * gateway answers every one of them, also a request that arrives while a webhook is still being
 * answered from a database or Kafka thread (docs/architecture.md, "The keep-alive hang").
 */
class KeepAliveTest extends GatewayTestSupport {

    private static final String SECRET = "keep-alive-secret";

    @Test
    void answersRequestsPipelinedBehindAWebhookThatIsAnsweredAfterTheDatabaseAndKafka() throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"" + SECRET + "\"]}");
        byte[] body = sample("shopify-orders-paid.json");
        Exchange webhook = Exchange.post("/webhooks/shopify/" + merchant, "application/json", body, 200)
                .withHeader("X-Shopify-Topic", "orders/paid")
                .withHeader("X-Shopify-Event-Id", UUID.randomUUID().toString())
                .withHeader("X-Shopify-Hmac-Sha256", base64Hmac(SECRET, body));

        KeepAliveCheck.onPort(port()).pipelinedBehind(webhook);

        assertThat(published(merchant, "820982911946154508").getStatus()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void answersHundredsOfRequestsOneAfterTheOtherOnOneConnection() throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"" + SECRET + "\"]}");
        Exchange credentials = Exchange.get("/admin/merchants/" + merchant + "/credentials", 200)
                .withHeader("Authorization", "Bearer " + OPERATOR_TOKEN);

        KeepAliveCheck.onPort(port()).oneAfterAnother(credentials, 300);
    }

    private int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }
}
