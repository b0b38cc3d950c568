package io.cdcfanout.loaddriver;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code load-test/load}: the k6 scripts' scenarios without k6. Options default to the environment variables the
 * k6 scripts read, so the same invocation settings work for both.
 */
@Command(name = "load-test/load", mixinStandardHelpOptions = true, subcommands = {LoadCli.Batch.class, LoadCli.Rate.class},
        description = {"Sends events to the producer API like load-test/k6 does, and writes the same summary JSON.",
            "Exit code 0: every threshold held; 99: a threshold failed (as k6); 2: bad usage."})
public final class LoadCli {

    static final int THRESHOLDS_FAILED = 99;

    private LoadCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new LoadCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Where to send and what to record: the options every scenario shares. */
    static final class Target {
        @Spec(Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--api-url", defaultValue = "${env:API_URL}", description = "Producer API base URL; wins over --host/--port (env API_URL).")
        String apiUrl;

        @Option(names = "--host", defaultValue = "${env:HOST:-127.0.0.1}", description = "Producer API host (env HOST, default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "${env:PORT:-8081}", description = "Producer API port (env PORT, default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--api-key", defaultValue = "${env:API_KEY}", description = "Value of the X-API-Key header, when the API requires one (env API_KEY).")
        String apiKey;

        @Option(names = "--run-id", defaultValue = "${env:RUN_ID}", description = "Prefix of every id of the run (env RUN_ID; default run-<UTC time>-<random>).")
        String runId;

        @Option(names = "--summary", defaultValue = "${env:SUMMARY_FILE}", description = "Summary JSON file (env SUMMARY_FILE; default load-test/results/load-driver-summary-<run id>.json).")
        Path summary;

        @Option(names = "--retry-for", defaultValue = "${env:RETRY_FOR:-30s}", converter = DurationConverter.class,
                description = {"Send an event again, same body and event id, while the API answers 503 (after its Retry-After) or does not",
                    "answer, for at most this long from the first attempt; 0s sends each event once, as k6 (env RETRY_FOR, default ${DEFAULT-VALUE})."})
        Duration retryFor;

        @Option(names = "--p95-threshold-ms", defaultValue = "${env:P95_MS:-1000}", description = "Threshold on the request duration p95 in ms (env P95_MS, default ${DEFAULT-VALUE}).")
        double p95ThresholdMs;

        int run(Scenario scenario) throws InterruptedException, IOException {
            Clock clock = Clock.systemUTC();
            URI base = baseUrl();
            EventFactory events;
            try {
                events = new EventFactory(runId == null || runId.isBlank() ? EventFactory.newRunId(clock) : runId, clock);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--run-id: " + e.getMessage());
            }
            LoadRunner runner = new LoadRunner(base, apiKey, new LoadRunner.Thresholds(0.01, 0.99, p95ThresholdMs), new RetryPolicy(retryFor), clock);
            System.err.printf("run %s: %s against %s%n", events.runId(), scenario, base);
            LoadSummary result = runner.run(scenario, events);
            Path file = summary != null ? summary
                    : Path.of(System.getenv().getOrDefault("LOAD_TEST_RESULTS", "load-test/results"), "load-driver-summary-" + events.runId() + ".json");
            result.write(file);
            System.out.println(result.toJson());
            System.err.printf("summary written to %s; check where the events went: load-test/verify --summary %s%n", file, file);
            return result.passed() ? 0 : THRESHOLDS_FAILED;
        }

        /** Builds a scenario, turning its validation failure into a usage error. */
        Scenario validated(Supplier<Scenario> scenario) {
            try {
                return scenario.get();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private URI baseUrl() {
            String url = apiUrl != null && !apiUrl.isBlank() ? apiUrl : "http://" + host + ":" + port;
            try {
                URI uri = URI.create(url);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL with a host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "producer API URL '" + url + "' is invalid: " + e.getMessage());
            }
        }
    }

    @Command(name = "batch", mixinStandardHelpOptions = true, description = "send-batch-events.js: EVENTS_PER_TYPE events of each of the four types.")
    static final class Batch implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--events-per-type", defaultValue = "${env:EVENTS_PER_TYPE:-5}", description = "Events of each type (env EVENTS_PER_TYPE, default ${DEFAULT-VALUE}).")
        int eventsPerType;

        @Option(names = "--vus-per-event-type", defaultValue = "${env:VUS_PER_EVENT_TYPE}", description = "Concurrent senders per type (env VUS_PER_EVENT_TYPE, default 1).")
        Integer vusPerEventType;

        @Option(names = "--total-vus", defaultValue = "${env:TOTAL_VUS}", description = "Concurrent senders in all: alone, split evenly over the four types; with --vus-per-event-type, a cap (env TOTAL_VUS).")
        Integer totalVus;

        @Override
        public Integer call() throws Exception {
            // The same arithmetic as load-test/k6/lib/config.js, so both tools run the same load for the same variables.
            int perType = vusPerEventType != null ? vusPerEventType : 1;
            if (totalVus != null) {
                if (totalVus < EventKind.values().length) {
                    throw new ParameterException(target.spec.commandLine(), "--total-vus must be at least " + EventKind.values().length
                            + " (one sender per event type), got " + totalVus);
                }
                int share = totalVus / EventKind.values().length;
                perType = vusPerEventType != null ? Math.min(vusPerEventType, share) : share;
            }
            // More senders than events of a type would idle (and k6 refuses them).
            int vus = eventsPerType > 0 ? Math.min(perType, eventsPerType) : perType;
            return target.run(target.validated(() -> new Scenario.Batch(eventsPerType, vus)));
        }
    }

    @Command(name = "rate", mixinStandardHelpOptions = true, description = "arrival-rate.js: RATE events per second for DURATION, the four types in turn.")
    static final class Rate implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--rate", defaultValue = "${env:RATE:-50}", description = "Events per second (env RATE, default ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--duration", defaultValue = "${env:DURATION:-1m}", converter = DurationConverter.class,
                description = "How long, e.g. 30s, 2m (env DURATION, default ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(names = "--max-vus", defaultValue = "${env:MAX_VUS:-200}", description = "Requests waiting for an answer at most; further arrivals are dropped (env MAX_VUS, default ${DEFAULT-VALUE}).")
        int maxVus;

        @Override
        public Integer call() throws Exception {
            return target.run(target.validated(() -> new Scenario.ArrivalRate(rate, duration, maxVus)));
        }
    }

    /** k6-style durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 500ms, 30s, 2m or 1h");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
    }
}
