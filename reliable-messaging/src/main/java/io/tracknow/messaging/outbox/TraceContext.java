package io.tracknow.messaging.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Carries the W3C trace context from where an event is caused (a consumed record's {@code traceparent}
 * header, put in the Reactor context under {@link #KEY} by {@code IdempotentConsumer}) through the outbox
 * to the record the relay publishes, so that one trace spans the services. Without a tracer the relay
 * starts no span.
 */
public class TraceContext {

    /** Reactor context key holding the captured {@code traceparent}. */
    public static final String KEY = "tracknow.traceparent";

    private static final String TRACEPARENT = "traceparent";

    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    public TraceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Starts a span that continues the given traceparent (or a new trace when null). */
    public Span continueFrom(String traceparent, String name) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        if (t == null || p == null) {
            return null;
        }
        if (traceparent == null) {
            return t.nextSpan().name(name).start();
        }
        return p.extract(Map.of(TRACEPARENT, traceparent), (carrier, key) -> carrier.get(key))
                .name(name)
                .start();
    }

    public Tracer.SpanInScope inScope(Span span) {
        Tracer t = tracer.getIfAvailable();
        return t == null || span == null ? null : t.withSpan(span);
    }
}
