package io.cdcfanout.producerapi.store;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace context an outbox record carries, from the event's span in the producer, in the two columns of the
 * outbox table (V4 migration):
 *
 * @param traceparent the bare W3C {@code traceparent} value ({@code 00-<trace id>-<span id>-<flags>}), placed by the
 *        outbox router as the record's {@code traceparent} header; {@code null} without a trace
 * @param spanContext the propagated context as {@code java.util.Properties} text ({@code traceparent=…}), the
 *        {@code tracingspancontext} column Debezium's tracing reads when Kafka Connect runs with OpenTelemetry;
 *        {@code null} without a trace
 */
public record OutboxTrace(String traceparent, String spanContext) {

    /** No trace: both columns null. */
    public static final OutboxTrace NONE = new OutboxTrace(null, null);

    /** The width of {@code tracingspancontext} (V1 migration). */
    static final int SPAN_CONTEXT_MAX = 256;

    /**
     * The context of {@code span} as {@code propagator} (W3C Trace Context by default) writes it. An unsampled span
     * (the default, docs/OPERATIONS.md "Traces") has a valid context too: the trace id travels, flagged not sampled.
     */
    public static OutboxTrace of(Span span, TextMapPropagator propagator) {
        Map<String, String> propagated = new HashMap<>();
        propagator.inject(Context.root().with(span), propagated, (carrier, key, value) -> carrier.put(key, value));
        return of(propagated);
    }

    /**
     * From what a text map propagator injected ({@code traceparent}, maybe {@code tracestate}). The Properties text
     * keeps {@code traceparent} first and leaves out any entry that would not fit the column: {@code tracestate} is
     * optional in W3C Trace Context, {@code traceparent} is what continues the trace.
     */
    public static OutboxTrace of(Map<String, String> propagated) {
        String traceparent = propagated.get("traceparent");
        if (traceparent == null) {
            return NONE;
        }
        StringBuilder properties = new StringBuilder("traceparent=").append(traceparent);
        propagated.forEach((key, value) -> {
            String line = "\n" + key + "=" + value;
            if (!key.equals("traceparent") && properties.length() + line.length() <= SPAN_CONTEXT_MAX) {
                properties.append(line);
            }
        });
        return new OutboxTrace(traceparent, properties.toString());
    }
}
