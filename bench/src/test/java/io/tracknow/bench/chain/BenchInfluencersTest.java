package io.tracknow.bench.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tracknow.bench.Deliveries;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bench registers its influencers the way an operator would, through attribution-service's API. */
class BenchInfluencersTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** A stand-in for attribution-service that records each call and answers what {@code status} says. */
    private String attribution(Function<String, Integer> status) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body;
            calls.add(call);
            exchange.sendResponseHeaders(status.apply(call), -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void oneInfluencerIsTheDemosAndNeedsNoCall() throws Exception {
        assertThat(BenchInfluencers.setUp("http://127.0.0.1:1", "token", 1)).containsExactly(Deliveries.DEMO_CREATOR);
    }

    @Test
    void eachInfluencerIsCreatedForTheDemoMerchantAndLinkedToItsCreatorId() throws Exception {
        String url = attribution(call -> call.startsWith("POST") ? 201 : 200);

        List<String> creators = BenchInfluencers.setUp(url, "op-token", 3);

        assertThat(creators).containsExactly("bench_creator_0", "bench_creator_1", "bench_creator_2");
        assertThat(calls).hasSize(6);
        assertThat(calls.get(0))
                .startsWith("POST /api/influencers Bearer op-token ")
                .contains("\"merchantId\":\"demo-merchant\"", "\"id\":\"bench-influencer-0\"");
        assertThat(calls.get(5))
                .isEqualTo("PUT /api/influencers/bench-influencer-2/social-accounts Bearer op-token"
                        + " {\"tiktokCreatorIds\":[\"bench_creator_2\"]}");
    }

    @Test
    void anInfluencerLeftByAnEarlierRunIsKept() throws Exception {
        String url = attribution(call -> call.startsWith("POST") ? 409 : 200);

        assertThat(BenchInfluencers.setUp(url, "op-token", 2)).hasSize(2);
        assertThat(calls).hasSize(4);
    }

    @Test
    void aRefusedCallStopsTheBenchWithWhatWasRefused() throws Exception {
        String url = attribution(call -> call.startsWith("POST") ? 201 : 403);

        assertThatThrownBy(() -> BenchInfluencers.setUp(url, "wrong", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bench_creator_0")
                .hasMessageContaining("403");
    }

    @Test
    void atLeastOneInfluencer() {
        assertThatThrownBy(() -> BenchInfluencers.creators(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
