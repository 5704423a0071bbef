package io.tracknow.gateway.intake;

import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * One webhook request as it arrived: the raw bytes are what signatures are computed over.
 *
 * @param contentType the request's media type, null when absent or unparsable
 */
public record Delivery(
        String source, String merchantId, HttpHeaders headers, MediaType contentType, byte[] body, Instant receivedAt) {

    public String header(String name) {
        return headers.getFirst(name);
    }
}
