package io.cdcfanout.loaddriver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cdcfanout.loaddriver.EventFactory.Event;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link Scenario} against the producer API ({@code POST <base>/api/v1/events}), one virtual thread per
 * request, and summarizes it with the k6 scripts' checks and thresholds.
 */
public final class LoadRunner {

    /** Header of the producer's optional API key. */
    public static final String API_KEY_HEADER = "X-API-Key";

    private static final JsonFactory JSON = new JsonFactory();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** The failure cause of a request that got no HTTP answer (refused, reset, timed out). */
    public static final String NO_ANSWER = "no answer";
    private static final long MIN_SLEEP_NANOS = 1_000_000L;
    /** How soon an arrival-rate run notices {@link #stop()}. */
    private static final long MAX_SLEEP_NANOS = 50_000_000L;

    private final URI baseUrl;
    private final URI eventsUrl;
    private final String apiKey;
    private final Thresholds thresholds;
    private final RetryPolicy retry;
    private final Clock clock;
    private volatile boolean stopRequested;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            // The client's own steps (parse the answer's headers, collect its small body) run on its selector thread
            // instead of a new thread each: against a trivial endpoint ~10 % less CPU per request and ~30 % more
            // requests/s. Nothing of ours runs there; the senders wait on their virtual threads.
            .executor(Runnable::run)
            .build();

    /**
     * @param baseUrl the producer API, e.g. {@code http://127.0.0.1:8081}
     * @param apiKey value of {@value #API_KEY_HEADER}, or {@code null} when the API has none
     */
    public LoadRunner(URI baseUrl, String apiKey, Thresholds thresholds, Clock clock) {
        this(baseUrl, apiKey, thresholds, RetryPolicy.NONE, clock);
    }

    /**
     * @param retry when to send an event again (same body, same event id) after a 503 or no answer
     */
    public LoadRunner(URI baseUrl, String apiKey, Thresholds thresholds, RetryPolicy retry, Clock clock) {
        this.retry = retry;
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.baseUrl = URI.create(base);
        this.eventsUrl = URI.create(base + "/api/v1/events");
        this.apiKey = apiKey;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    /** Limits a run must stay within, as k6 thresholds. */
    public record Thresholds(double maxFailedRate, double minChecksRate, double maxP95Ms) {
        public static final Thresholds DEFAULT = new Thresholds(0.01, 0.99, 1000);
    }

    /**
     * Ends an arrival-rate run early, from another thread: no new arrivals; requests in flight (and their retries)
     * finish, and {@link #run} returns the summary.
     */
    public void stop() {
        stopRequested = true;
    }

    /** Sends the scenario's events for run {@code events.runId()} and returns the summary. */
    public LoadSummary run(Scenario scenario, EventFactory events) throws InterruptedException {
        Tally tally = new Tally();
        Instant started = clock.instant();
        long cpuBefore = OS.getProcessCpuTime();
        switch (scenario) {
            case Scenario.Batch batch -> runBatch(batch, events, tally);
            case Scenario.ArrivalRate rate -> runArrivalRate(rate, events, tally);
        }
        long cpuNanos = OS.getProcessCpuTime() - cpuBefore;
        return tally.summarize(scenario, events.runId(), started, clock.instant(), cpuNanos);
    }

    private void runBatch(Scenario.Batch batch, EventFactory events, Tally tally) throws InterruptedException {
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (EventKind kind : EventKind.values()) {
                for (int vu = 0; vu < batch.vusPerType(); vu++) {
                    int first = vu + 1;
                    // VU v of a type sends events v+1, v+1+vus, … so together they send 1..eventsPerType exactly once.
                    workers.submit(() -> {
                        for (long n = first; n <= batch.eventsPerType(); n += batch.vusPerType()) {
                            send(events.create(kind, n), tally);
                        }
                    });
                }
            }
            workers.shutdown();
            if (!workers.awaitTermination(1, TimeUnit.DAYS)) {
                throw new IllegalStateException("batch did not finish");
            }
        }
    }

    private void runArrivalRate(Scenario.ArrivalRate rate, EventFactory events, Tally tally) throws InterruptedException {
        long periodNanos = (long) (1_000_000_000L / rate.ratePerSecond());
        long total = (long) (rate.ratePerSecond() * rate.duration().toNanos() / 1e9);
        Semaphore inFlight = new Semaphore(rate.maxInFlight());
        EventKind[] kinds = EventKind.values();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0 && !stopRequested) {
                    // At least a millisecond: at thousands of arrivals per second, waking for each one cost more CPU
                    // than its request; the arrivals due meanwhile go out together, at most about 1 ms late.
                    LockSupport.parkNanos(Math.clamp(wait, MIN_SLEEP_NANOS, MAX_SLEEP_NANOS));
                }
                if (stopRequested) {
                    break;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("arrival-rate run interrupted");
                }
                EventKind kind = kinds[(int) (i % kinds.length)];
                long n = i / kinds.length + 1;
                if (!inFlight.tryAcquire()) {
                    tally.dropped.incrementAndGet();
                    continue;
                }
                requests.submit(() -> {
                    try {
                        send(events.create(kind, n), tally);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            requests.shutdown();
            if (!requests.awaitTermination(1, TimeUnit.DAYS)) {
                throw new IllegalStateException("arrival-rate run did not finish");
            }
        }
    }

    private void send(Event event, Tally tally) {
        EventKind kind = event.kind();
        // Built once: every attempt sends the same bytes.
        HttpRequest.Builder builder = HttpRequest.newBuilder(eventsUrl)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.json().getBytes(StandardCharsets.UTF_8)));
        if (apiKey != null) {
            builder.header(API_KEY_HEADER, apiKey);
        }
        HttpRequest request = builder.build();
        tally.sent(kind);
        long start = System.nanoTime();
        long giveUpAt = start + retry.giveUpAfter().toNanos();
        for (int attempt = 0; ; attempt++) {
            String failure;
            Duration wait;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 503) {
                    tally.durationsNanos.add(System.nanoTime() - start);
                    boolean accepted = response.statusCode() == 200;
                    boolean echoed = accepted && event.eventId().equals(eventIdOf(response.body()));
                    tally.answered(kind, accepted, echoed, accepted ? null : Integer.toString(response.statusCode()), attempt);
                    return;
                }
                failure = "503";
                wait = retry.afterUnavailable(response.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException e) {
                failure = NO_ANSWER;
                wait = retry.afterNoAnswer(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tally.durationsNanos.add(System.nanoTime() - start);
                tally.answered(kind, false, false, "interrupted", attempt);
                return;
            }
            if (System.nanoTime() + wait.toNanos() > giveUpAt) {
                tally.durationsNanos.add(System.nanoTime() - start);
                tally.answered(kind, false, false, failure, attempt);
                return;
            }
            LockSupport.parkNanos(wait.toNanos());
        }
    }

    /** The top-level {@code eventId} of an answer, read as a token stream: no tree per response. */
    private static String eventIdOf(String body) {
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if ("eventId".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? json.getText() : null;
                }
                json.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Counts of one run, updated from many request threads. */
    private final class Tally {
        final Map<EventKind, AtomicLong> sent = counters();
        final Map<EventKind, AtomicLong> accepted = counters();
        final Map<EventKind, AtomicLong> rejected = counters();
        final AtomicLong checksFailed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong retriedEvents = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final Map<String, AtomicLong> failures = new ConcurrentSkipListMap<>();
        final ConcurrentLinkedQueue<Long> durationsNanos = new ConcurrentLinkedQueue<>();

        void sent(EventKind kind) {
            sent.get(kind).incrementAndGet();
        }

        /**
         * @param failure why a request ended without acceptance: the HTTP status, {@value LoadRunner#NO_ANSWER}; null if accepted
         * @param retries how often the event was sent again before this final answer
         */
        void answered(EventKind kind, boolean wasAccepted, boolean checked, String failure, int retries) {
            (wasAccepted ? accepted : rejected).get(kind).incrementAndGet();
            if (!checked) {
                checksFailed.incrementAndGet();
            }
            if (failure != null) {
                failures.computeIfAbsent(failure, f -> new AtomicLong()).incrementAndGet();
            }
            if (retries > 0) {
                retriedEvents.incrementAndGet();
                this.retries.addAndGet(retries);
            }
        }

        /** @param cpuNanos CPU time this process used during the run */
        LoadSummary summarize(Scenario scenario, String runId, Instant started, Instant finished, long cpuNanos) {
            List<Long> sorted = new ArrayList<>(durationsNanos);
            sorted.sort(null);
            Map<String, Double> durations = new LinkedHashMap<>();
            durations.put("p50", percentileMs(sorted, 0.50));
            durations.put("p95", percentileMs(sorted, 0.95));
            durations.put("p99", percentileMs(sorted, 0.99));
            durations.put("max", percentileMs(sorted, 1.0));
            long requests = sum(sent);
            double failedRate = requests == 0 ? 0 : (double) sum(rejected) / requests;
            double checksRate = requests == 0 ? 1 : 1 - (double) checksFailed.get() / requests;
            Map<String, Boolean> held = new LinkedHashMap<>();
            held.put("http_req_failed rate<" + thresholds.maxFailedRate(), failedRate < thresholds.maxFailedRate());
            held.put("checks rate>" + thresholds.minChecksRate(), checksRate > thresholds.minChecksRate());
            held.put("http_req_duration p(95)<" + (long) thresholds.maxP95Ms(), durations.get("p95") < thresholds.maxP95Ms());
            held.put("some events sent", requests > 0);
            return new LoadSummary("load-driver", runId, scenario.name(), baseUrl.toString(), started, finished,
                    byType(sent), byType(accepted), byType(rejected), dropped.get(), durations, checksFailed.get(), held,
                    new LoadSummary.Retries(retriedEvents.get(), retries.get(), retry.giveUpAfter().toMillis()), failureCounts(),
                    LoadSummary.ClientCpu.of(cpuNanos, requests + retries.get()));
        }

        private Map<String, Long> failureCounts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            failures.forEach((failure, count) -> counts.put(failure, count.get()));
            return counts;
        }

        private static Map<EventKind, AtomicLong> counters() {
            Map<EventKind, AtomicLong> counters = new EnumMap<>(EventKind.class);
            for (EventKind kind : EventKind.values()) {
                counters.put(kind, new AtomicLong());
            }
            return counters;
        }

        private static long sum(Map<EventKind, AtomicLong> counters) {
            return counters.values().stream().mapToLong(AtomicLong::get).sum();
        }

        private static Map<String, Long> byType(Map<EventKind, AtomicLong> counters) {
            Map<String, Long> result = new LinkedHashMap<>();
            counters.forEach((kind, count) -> result.put(kind.eventType(), count.get()));
            return result;
        }

        private static double percentileMs(List<Long> sorted, double quantile) {
            if (sorted.isEmpty()) {
                return 0;
            }
            int index = (int) Math.ceil(quantile * sorted.size()) - 1;
            return Math.round(sorted.get(Math.max(0, index)) / 10_000.0) / 100.0;
        }
    }
}
