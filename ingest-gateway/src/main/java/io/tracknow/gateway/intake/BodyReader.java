package io.tracknow.gateway.intake;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a request body into memory up to the limit. A body that grows past it (a chunked one: a
 * declared Content-Length over the limit is refused before reading) is drained and dropped rather
 * than cut off mid-stream, so that the 413 answer reaches the sender on an intact connection.
 * Buffers are copied, not released here: on this stack (Spring 7.0 on Reactor Netty) the server
 * releases each one after it is handed on, and releasing it again here broke the connection
 * (IllegalReferenceCountException; checked with Netty's paranoid leak detector, see docs).
 */
final class BodyReader {

    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("body over the limit", null, false, false);
        }
    }

    private BodyReader() {}

    static Mono<byte[]> read(Flux<DataBuffer> body, long limit) {
        return Mono.defer(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AtomicLong seen = new AtomicLong();
            return body.doOnNext(buffer -> {
                        int readable = buffer.readableByteCount();
                        if (seen.addAndGet(readable) <= limit) {
                            byte[] chunk = new byte[readable];
                            buffer.read(chunk);
                            out.writeBytes(chunk);
                        }
                    })
                    .then(Mono.fromCallable(() -> {
                        if (seen.get() > limit) {
                            throw new TooLarge();
                        }
                        return out.toByteArray();
                    }));
        });
    }
}
