package io.tracknow.gateway.intake;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads a request body into memory, refusing it as soon as it grows past the limit (chunked bodies too). */
final class BodyReader {

    static final class TooLarge extends RuntimeException {
        TooLarge(Throwable cause) {
            super("body over the limit", cause, false, false);
        }
    }

    private BodyReader() {
    }

    static Mono<byte[]> read(Flux<DataBuffer> body, long limit) {
        return DataBufferUtils.join(body, (int) Math.min(limit, Integer.MAX_VALUE))
                .map(joined -> {
                    try {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(joined);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, TooLarge::new);
    }
}
