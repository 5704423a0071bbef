package io.tracknow.messaging.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import reactor.util.context.Context;

/**
 * Carries the W3C trace context from where an event is caused (a consumed record, an HTTP request)
 * through the outbox to the record the relay publishes, so that one trace spans the services.
 * Without a tracer it does nothing.
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

    /** Puts the calling thread's current trace context into the Reactor context. */
    public Function<Context, Context> captureCurrent() {
        String traceparent = currentTraceparent();
        return context -> traceparent == null ? context : context.put(KEY, traceparent);
    }

    /** The current span as a W3C traceparent, or null. */
    public String currentTraceparent() {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        if (t == null || p == null || t.currentSpan() == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        p.inject(t.currentTraceContext().context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
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
