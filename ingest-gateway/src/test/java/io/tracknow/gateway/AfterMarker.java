package io.tracknow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.messaging.testsupport.TopicProbe;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * How a test shows that a refused delivery published nothing: absence can only be judged up to a point
 * the probe has read. So a valid delivery (the marker) is sent after the refused one and awaited on the
 * topic; whatever the refused one had published would have been acknowledged before its answer, and so
 * is on the topic by then.
 */
public final class AfterMarker {

    private AfterMarker() {}

    /**
     * @param sendMarker sends the marker delivery, which must be answered 200
     * @param isMarker   recognises the marker's event
     * @param wanted     what to list (the marker itself is never listed)
     * @return the events matching {@code wanted} once the marker was seen
     */
    public static <T> List<T> published(
            TopicProbe<T> topic, Callable<HttpResponse<String>> sendMarker, Predicate<T> isMarker, Predicate<T> wanted)
            throws Exception {
        HttpResponse<String> marker = sendMarker.call();
        assertThat(marker.statusCode())
                .as("the marker delivery: " + marker.body())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> topic.values(isMarker), list -> !list.isEmpty());
        return topic.values(isMarker.negate().and(wanted));
    }
}
