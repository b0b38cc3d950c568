package io.cdcfanout.producerapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OutboxTraceTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void spanContextIsPropertiesTextThatDebeziumReadsBackAsThePropagatedHeaders() throws IOException {
        OutboxTrace trace = OutboxTrace.of(Map.of("traceparent", TRACEPARENT, "tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));

        assertThat(trace.traceparent()).isEqualTo(TRACEPARENT);
        // Debezium's ActivateTracingSpan reads the column with java.util.Properties#load.
        Properties read = new Properties();
        read.load(new StringReader(trace.spanContext()));
        assertThat(read).containsOnly(Map.entry("traceparent", TRACEPARENT), Map.entry("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
    }

    @Test
    void tracestateThatWouldOverflowTheColumnIsLeftOutAndTraceparentKept() {
        Map<String, String> propagated = new LinkedHashMap<>();
        propagated.put("traceparent", TRACEPARENT);
        propagated.put("tracestate", "vendor=" + "x".repeat(300));

        OutboxTrace trace = OutboxTrace.of(propagated);

        assertThat(trace.spanContext()).isEqualTo("traceparent=" + TRACEPARENT).hasSizeLessThanOrEqualTo(OutboxTrace.SPAN_CONTEXT_MAX);
    }

    /** producer-api's default: nothing sampled, nothing exported, but the trace id still reaches consumers. */
    @Test
    void unsampledSpanOfTheDefaultSamplerStillGivesATraceparentFlaggedNotSampled() {
        try (SdkTracerProvider tracers = SdkTracerProvider.builder()
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0))).build()) {
            Span span = tracers.get("test").spanBuilder(EventStore.SPAN_NAME).startSpan();

            OutboxTrace trace = OutboxTrace.of(span, W3CTraceContextPropagator.getInstance());

            assertThat(span.isRecording()).isFalse();
            assertThat(trace.traceparent()).isEqualTo("00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId() + "-00");
            assertThat(trace.spanContext()).isEqualTo("traceparent=" + trace.traceparent());
        }
    }

    @Test
    void noTraceparentMeansNoTrace() {
        assertThat(OutboxTrace.of(Map.of())).isEqualTo(OutboxTrace.NONE);
    }
}
