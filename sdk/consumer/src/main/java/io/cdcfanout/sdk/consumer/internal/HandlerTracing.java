package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.EventContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The span the handler runs in ({@value #SPAN_PREFIX}{@code <EventType>}, kind CONSUMER), continuing the trace of the
 * record's {@code traceparent} header: the producer's. The parent is extracted from the header and passed explicitly,
 * never taken from the current thread: the handler runs on a lane thread ({@link KeyOrderedLanes}), not on the thread
 * that received the record.
 *
 * <p>SmallRye's own tracing of the channel is off (microprofile-config.properties): its dead-letter producer would add a
 * {@code traceparent} header of its own to every dead letter, which a re-drive would then carry instead of the
 * record's.
 */
final class HandlerTracing {

    static final String SPAN_PREFIX = "handle ";

    private final Tracer tracer;
    private final OpenTelemetry openTelemetry;

    HandlerTracing(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("io.cdcfanout.sdk.consumer");
    }

    /** The context the record's handling continues; {@link Context#root()} (a new trace) when the record carries none. */
    Context parent(Headers headers) {
        return openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), headers, HEADERS);
    }

    /** Starts the handler's span; the caller makes it current around the handler and the receipt, then ends it. */
    Span start(Context parent, EventContext context) {
        return tracer.spanBuilder(SPAN_PREFIX + context.eventType().name())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("cdcfanout.event.id", context.eventId())
                .setAttribute("cdcfanout.event.type", context.eventType().name())
                .setAttribute("messaging.destination.name", context.topic())
                .setAttribute("messaging.kafka.destination.partition", (long) context.partition())
                .setAttribute("messaging.kafka.message.offset", context.offset())
                .startSpan();
    }

    /** Ends the span with what became of the record. */
    static void end(Span span, Outcome outcome) {
        switch (outcome) {
            case Outcome.Ack ack -> span.setAttribute("cdcfanout.outcome", "handled");
            case Outcome.Abandoned abandoned -> span.setAttribute("cdcfanout.outcome", "abandoned");
            case Outcome.DeadLetter deadLetter -> {
                span.setAttribute("cdcfanout.outcome", "dead-lettered");
                span.setAttribute("cdcfanout.dead_letter.reason", deadLetter.failure().reason().name());
                span.recordException(deadLetter.failure());
                span.setStatus(StatusCode.ERROR, deadLetter.failure().reason().name());
            }
        }
        span.end();
    }

    /** The trace id of the current span (32 hex digits), or {@code null} outside a trace. */
    static String currentTraceId() {
        var spanContext = Span.current().getSpanContext();
        return spanContext.isValid() ? spanContext.getTraceId() : null;
    }

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };
}
