package io.tracknow.gateway.oversize;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * A request whose header block or request line is over the server's limit
 * ({@code server.max-http-request-header-size}, 8 KiB by default) never reaches Spring: Netty's HTTP codec
 * refuses it while decoding, and Reactor Netty answers it at once with 431 (or 414 for the line), an empty
 * body and {@code Connection: close}, before any route, filter or {@code @RestControllerAdvice} runs
 * ({@code HttpServerOperations.sendDecodingFailures}). That answer is left where it is (same moment, same
 * status, same connection handling), and only its empty body is replaced with the RFC 9457 problem every other
 * refusal of the gateway carries. A webhook refused this way is also filed in the webhook log and the metrics
 * ({@link OversizedRequests}). Nothing can be published by such a request: it was never read.
 */
@Configuration(proxyBeanMethods = false)
class OversizedRequestProblems {

    static final String HANDLER = "tracknow.oversizedRequestProblem";

    @Bean
    NettyServerCustomizer oversizedRequestProblem(OversizedRequests refusals) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new ProblemBody(refusals));
            }
        });
    }

    /**
     * Notes a request the codec failed for its header block (its request line was read, so its path is
     * known) for the webhook log, and rewrites the codec's empty 431 and 414 answers; every other message
     * passes untouched.
     */
    static final class ProblemBody extends ChannelDuplexHandler {

        private final OversizedRequests refusals;

        ProblemBody(OversizedRequests refusals) {
            this.refusals = refusals;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request
                    && request.decoderResult().cause() instanceof TooLongHttpHeaderException) {
                refusals.refused(
                        request.uri(), HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.code(), "headers-too-large");
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof FullHttpResponse response && !response.content().isReadable()) {
                String body = body(response.status());
                if (body != null) {
                    ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
                    FullHttpResponse problem = new DefaultFullHttpResponse(
                            response.protocolVersion(),
                            response.status(),
                            content,
                            response.headers().copy(),
                            response.trailingHeaders().copy());
                    problem.headers()
                            .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                            .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
                    response.release();
                    ctx.write(problem, promise);
                    return;
                }
            }
            ctx.write(msg, promise);
        }

        private static String body(HttpResponseStatus status) {
            if (status.equals(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)) {
                return problem(
                        "headers-too-large",
                        "Request headers too large",
                        431,
                        "the request's headers are over the server's limit; nothing was read or published");
            }
            if (status.equals(HttpResponseStatus.REQUEST_URI_TOO_LONG)) {
                return problem(
                        "uri-too-long",
                        "Request line too long",
                        414,
                        "the request line is over the server's limit; nothing was read or published");
            }
            return null;
        }

        private static String problem(String type, String title, int status, String detail) {
            return "{\"type\":\"https://tracknow.io/problems/" + type + "\",\"title\":\"" + title + "\",\"status\":"
                    + status + ",\"detail\":\"" + detail + "\"}";
        }
    }
}
