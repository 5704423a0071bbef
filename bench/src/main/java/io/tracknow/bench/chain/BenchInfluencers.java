package io.tracknow.bench.chain;

import io.tracknow.bench.Deliveries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The influencers the chain bench spreads its orders over. commissions.v1 is keyed by influencer, so
 * with one influencer every commission lands on one partition and whatever consumes it per partition
 * (notification-service) runs on one thread: a shop's real traffic comes from many influencers. With one
 * influencer the bench uses the demo's ({@code demo-influencer}, creator {@code tiktok_creator_123});
 * with more it registers {@code bench-influencer-<i>} for the demo merchant through attribution-service's
 * API, each linked to TikTok creator id {@code bench_creator_<i>}, and the n-th delivery names creator
 * {@code n mod count}.
 */
final class BenchInfluencers {

    /** The embedded platform's operator token (the demo's; never a real one). */
    static final String DEMO_OPERATOR_TOKEN = "demo-operator-token";

    private BenchInfluencers() {}

    /** The creator ids of {@code count} influencers, in the order deliveries take them. */
    static List<String> creators(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--influencers must be at least 1, not " + count);
        }
        return count == 1
                ? List.of(Deliveries.DEMO_CREATOR)
                : IntStream.range(0, count).mapToObj(i -> "bench_creator_" + i).toList();
    }

    /**
     * Makes sure the {@code count} influencers exist with their creator ids (an influencer that already
     * exists, from an earlier run against the same platform, is kept) and returns their creator ids.
     */
    static List<String> setUp(String attributionUrl, String operatorToken, int count)
            throws IOException, InterruptedException {
        List<String> creators = creators(count);
        if (count == 1) {
            return creators;
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (int i = 0; i < count; i++) {
            String id = "bench-influencer-" + i;
            int created = call(
                    http,
                    operatorToken,
                    "POST",
                    attributionUrl + "/api/influencers",
                    "{\"merchantId\":\"" + Deliveries.MERCHANT + "\",\"id\":\"" + id + "\",\"displayName\":\"" + id
                            + "\"}");
            if (created != 201 && created != 409) {
                throw new IllegalStateException("creating influencer " + id + " at " + attributionUrl + ": " + created);
            }
            int linked = call(
                    http,
                    operatorToken,
                    "PUT",
                    attributionUrl + "/api/influencers/" + id + "/social-accounts",
                    "{\"tiktokCreatorIds\":[\"" + creators.get(i) + "\"]}");
            if (linked / 100 != 2) {
                throw new IllegalStateException(
                        "linking creator " + creators.get(i) + " to " + id + " at " + attributionUrl + ": " + linked);
            }
        }
        return creators;
    }

    private static int call(HttpClient http, String token, String method, String url, String json)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
