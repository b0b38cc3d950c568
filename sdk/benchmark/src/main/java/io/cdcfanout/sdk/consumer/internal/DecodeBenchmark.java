package io.cdcfanout.sdk.consumer.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.codec.ConfluentFraming;
import io.cdcfanout.events.codec.EventAvro;
import io.cdcfanout.events.codec.EventJson;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.ConsumerConfig;
import io.cdcfanout.sdk.consumer.EventContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events/s on one thread (≈ per core): the SDK's decode into the typed event plus dispatch to a handler, as a
 * consumer's lane runs them for every record ({@link DecodeStep}, then {@link EventDispatcher#dispatch}), against the
 * bare library call on the same bytes (Jackson tree parse; Avro generic decode with the writer schema). The Avro writer
 * schema comes once from a local registry stub over HTTP, then from the SDK's cache, as in production. What a record
 * costs besides (metrics, dedupe, span, receipt, commit) is not measured here: see {@code ConcurrencyBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int SCHEMA_ID = 1;

    private byte[] json;
    private byte[] avro;
    private DecodeStep decodeStep;
    private GenericDatumReader<GenericRecord> bareAvroReader;
    private HttpServer registry;
    private final EventContext context = new EventContext("bench", 0, 0, "LOAN-1", "id", null, WireFormat.JSON, 1, null, null);
    private Blackhole sink;
    private final CdcEventHandler handler = new CdcEventHandler() {
        @Override
        public void onLoanCreated(LoanCreated event, EventContext ctx) {
            sink.consume(event);
        }
    };

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws Exception {
        sink = blackhole;
        byte[] sample;
        try (InputStream in = DecodeBenchmark.class.getResourceAsStream("/samples/loan-created-event.json")) {
            sample = in.readAllBytes();
        }
        LoanCreated event = (LoanCreated) EventJson.read(sample, 0, sample.length);
        json = EventJson.write(event);
        avro = ConfluentFraming.frame(SCHEMA_ID, EventAvro.write(event));
        registry = registryServing(LoanCreated.getClassSchema());
        ConsumerConfig config = config("http://127.0.0.1:" + registry.getAddress().getPort());
        decodeStep = new DecodeStep(new EventDecoder(config, new SchemaRegistryClient(config)), new Backoff(config.retry()));
        bareAvroReader = new GenericDatumReader<>(LoanCreated.getClassSchema());
        decodeAndDispatchAvro();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.stop(0);
    }

    @Benchmark
    public Object jsonBareJackson() throws IOException {
        return MAPPER.readTree(json);
    }

    @Benchmark
    public void jsonSdkDecodeAndDispatch() throws Exception {
        EventDispatcher.dispatch(handler, decodeStep.decode(json, "LoanCreated"), context);
    }

    @Benchmark
    public Object avroBareDecode() throws IOException {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(avro, ConfluentFraming.HEADER_LENGTH, avro.length - ConfluentFraming.HEADER_LENGTH, null);
        return bareAvroReader.read(null, in);
    }

    @Benchmark
    public void avroSdkDecodeAndDispatch() throws Exception {
        decodeAndDispatchAvro();
    }

    private void decodeAndDispatchAvro() throws Exception {
        EventDispatcher.dispatch(handler, decodeStep.decode(avro, "LoanCreated"), context);
    }

    private static HttpServer registryServing(Schema schema) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = MAPPER.writeValueAsBytes(Map.of("schema", schema.toString()));
        server.createContext("/schemas/ids/" + SCHEMA_ID, exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static ConsumerConfig config(String registryUrl) {
        return new ConsumerConfig() {
            public String topic() {
                return "bench";
            }

            public String groupId() {
                return "bench";
            }

            public String deadLetterTopic() {
                return "bench-dlq";
            }

            public Optional<WireFormat> format() {
                return Optional.empty();
            }

            public Retry retry() {
                return new Retry() {
                    public int maxAttempts() {
                        return 3;
                    }

                    public Duration initialBackoff() {
                        return Duration.ofMillis(200);
                    }

                    public double multiplier() {
                        return 2;
                    }

                    public Duration maxBackoff() {
                        return Duration.ofSeconds(10);
                    }
                };
            }

            public Dedupe dedupe() {
                throw new UnsupportedOperationException("not used when decoding");
            }

            public Receipts receipts() {
                throw new UnsupportedOperationException("not used when decoding");
            }

            public SchemaRegistry schemaRegistry() {
                return new SchemaRegistry() {
                    public Optional<String> url() {
                        return Optional.of(registryUrl);
                    }

                    public Optional<String> basicAuthUserInfo() {
                        return Optional.empty();
                    }

                    public Duration timeout() {
                        return Duration.ofSeconds(5);
                    }
                };
            }

            public Duration handlerTimeout() {
                return Duration.ofMinutes(5);
            }

            public int recordMaxBytes() {
                throw new UnsupportedOperationException("not used when decoding");
            }

            @Override
            public int concurrency() {
                throw new UnsupportedOperationException("not used when decoding");
            }
        };
    }
}
