package io.cdcfanout.producerapi.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdcfanout.producerapi.ProducerConfig;
import io.cdcfanout.producerapi.event.EventReader;
import io.cdcfanout.producerapi.event.EventValidator;
import io.cdcfanout.producerapi.event.MalformedJsonException;
import io.cdcfanout.producerapi.event.ValidatedEvent;
import io.cdcfanout.producerapi.event.Violation;
import io.cdcfanout.producerapi.store.EventStore;
import io.cdcfanout.producerapi.store.StoreOutcome;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * Business events in: {@code POST /api/v1/events} (one event) and {@code POST /api/v1/events/bulk}
 * (a JSON array). Semantics are documented in producer-api/README.md.
 *
 * <p>The POST methods return {@link Uni} so that Quarkus REST reads the body on the event loop, where it
 * arrives, and only then hands parsing, validation and the transaction to a worker thread (same Vert.x
 * context, so the request's trace continues there). A plain blocking method is invoked on the worker first,
 * which then waits for the event loop to pass it the body chunk by chunk: a second thread hand-off per
 * request that cost about a fifth of the API's CPU in a profile of single POSTs (producer-api/README.md, Benchmark).
 */
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventReader reader;
    private final EventValidator validator;
    private final EventStore store;
    private final ProducerConfig config;
    private final ProducerMetrics metrics;
    private final SmallRyeHealthReporter health;

    public EventResource(EventReader reader, EventValidator validator, EventStore store, ProducerConfig config,
            ProducerMetrics metrics, SmallRyeHealthReporter health) {
        this.reader = reader;
        this.validator = validator;
        this.store = store;
        this.config = config;
        this.metrics = metrics;
        this.health = health;
    }

    /**
     * The answer for an accepted event. {@code result} is {@code stored} or {@code duplicate} (a safe retry). Written
     * without Jackson by {@link AcceptedWriter}.
     */
    public record Accepted(String eventId, String result) {
    }

    /** One element of a bulk answer, in request order: {@code problem} is set when {@code status} is not 200. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BulkItem(int index, int status, String eventId, String result, Problem problem) {
    }

    /** The answer to a bulk request. */
    public record BulkResult(boolean atomic, int accepted, int rejected, List<BulkItem> results) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store one event", description = "200 stored or duplicate; 400 malformed JSON; 409 id reused with other content; "
            + "413 body over producer.max-body-bytes, or event over producer.max-event-bytes as stored (jsonb text), naming its largest parts; 415; "
            + "422 schema violations, numbers PostgreSQL cannot store or longer than producer.max-number-length written out, updatedAt beyond producer.max-clock-skew; "
            + "503 with Retry-After: database unavailable, deadlock/serialization failure, or commit outcome unknown (retry with the same event id). "
            + "Errors are application/problem+json.")
    public Uni<Accepted> create(byte[] body) {
        return VertxContextSupport.executeBlocking(() -> store(body));
    }

    private Accepted store(byte[] body) {
        JsonNode root = read(body);
        ValidatedEvent event = switch (validator.validate(root)) {
            case EventValidator.Valid valid -> valid.event();
            case EventValidator.Invalid invalid -> throw rejected(Problem.invalid(invalid.violations()));
            case EventValidator.TooLarge tooLarge -> throw rejected(tooLarge(tooLarge, ""));
        };
        try {
            return accepted(event, store.store(event));
        } catch (RuntimeException e) {
            throw rejected(Problems.of(e));
        }
    }

    @POST
    @Path("/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store many events", description = "A JSON array of events. Each event is stored on its own, in order, and gets its own result (status as for one event), unless atomic=true: "
            + "then all are stored in one transaction or none (the first failure is the answer, pointers prefixed with the event's index).")
    public Uni<BulkResult> bulk(byte[] body,
            @Parameter(description = "store all events in one transaction, or none") @QueryParam("atomic") @DefaultValue("false") boolean atomic) {
        return VertxContextSupport.executeBlocking(() -> storeBulk(body, atomic));
    }

    private BulkResult storeBulk(byte[] body, boolean atomic) {
        JsonNode root = read(body);
        if (!root.isArray() || root.isEmpty()) {
            throw rejected(Problem.invalid(List.of(new Violation("", "must be a non-empty JSON array of events"))));
        }
        int maxItems = config.bulk().maxItems();
        if (root.size() > maxItems) {
            throw rejected(Problem.tooLarge(root.size() + " events in one bulk request; at most " + maxItems + " are allowed", maxItems));
        }
        List<EventValidator.Result> validated = new ArrayList<>(root.size());
        root.forEach(element -> validated.add(validator.validate(element)));
        return atomic ? storeAtomically(validated) : storeEach(validated);
    }

    private BulkResult storeAtomically(List<EventValidator.Result> validated) {
        List<Violation> violations = new ArrayList<>();
        List<ValidatedEvent> events = new ArrayList<>();
        for (int i = 0; i < validated.size(); i++) {
            switch (validated.get(i)) {
                case EventValidator.Valid valid -> events.add(valid.event());
                case EventValidator.Invalid invalid -> {
                    int index = i;
                    invalid.violations().forEach(violation -> violations.add(violation.within(index)));
                }
                // Every event is its own Kafka record: one too large event fails the whole transaction.
                case EventValidator.TooLarge tooLarge -> throw rejected(tooLarge(tooLarge, "/" + i));
            }
        }
        if (!violations.isEmpty()) {
            throw rejected(Problem.invalid(violations));
        }
        List<StoreOutcome> outcomes;
        try {
            outcomes = store.storeAll(events);
        } catch (RuntimeException e) {
            throw rejected(Problems.of(e));
        }
        List<BulkItem> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Accepted accepted = accepted(events.get(i), outcomes.get(i));
            items.add(new BulkItem(i, 200, accepted.eventId(), accepted.result(), null));
        }
        return new BulkResult(true, items.size(), 0, items);
    }

    private BulkResult storeEach(List<EventValidator.Result> validated) {
        List<BulkItem> items = new ArrayList<>();
        for (int i = 0; i < validated.size(); i++) {
            items.add(switch (validated.get(i)) {
                case EventValidator.Valid valid -> storeItem(i, valid.event());
                case EventValidator.Invalid invalid -> rejectedItem(i, null, Problem.invalid(invalid.violations()));
                case EventValidator.TooLarge tooLarge -> rejectedItem(i, null, tooLarge(tooLarge, ""));
            });
        }
        int accepted = (int) items.stream().filter(item -> item.status() == 200).count();
        return new BulkResult(false, accepted, items.size() - accepted, items);
    }

    private BulkItem storeItem(int index, ValidatedEvent event) {
        try {
            Accepted accepted = accepted(event, store.store(event));
            return new BulkItem(index, 200, accepted.eventId(), accepted.result(), null);
        } catch (RuntimeException e) {
            return rejectedItem(index, event.eventId().toString(), Problems.of(e));
        }
    }

    private BulkItem rejectedItem(int index, String eventId, Problem problem) {
        metrics.count(Integer.toString(problem.status()));
        return new BulkItem(index, problem.status(), eventId, null, problem);
    }

    /** Kept for existing clients (with the API key when one is set); the same answer as the management interface's {@code /q/health/ready}. */
    @GET
    @Path("/health")
    public Response health() {
        SmallRyeHealth readiness = health.getReadiness();
        return Response.status(readiness.isDown() ? 503 : 200).entity(readiness.getPayload().toString()).build();
    }

    /** 413 naming the largest parts of the event, their pointers prefixed with {@code at} (the index in a bulk). */
    private static Problem tooLarge(EventValidator.TooLarge tooLarge, String at) {
        List<Violation> largest = tooLarge.largest().stream()
                .map(part -> new Violation(at + part.pointer(), part.length() + " bytes of the event's " + tooLarge.bytes()))
                .toList();
        return Problem.eventTooLarge(tooLarge.bytes(), tooLarge.limit(), largest);
    }

    private Accepted accepted(ValidatedEvent event, StoreOutcome outcome) {
        String result = outcome == StoreOutcome.DUPLICATE ? "duplicate" : "stored";
        metrics.count(result);
        return new Accepted(event.eventId().toString(), result);
    }

    private ProblemException rejected(Problem problem) {
        metrics.count(Integer.toString(problem.status()));
        return new ProblemException(problem);
    }

    /**
     * Parses the body, which Quarkus has read in full (up to {@code quarkus.http.limits.max-body-size},
     * a memory guard above our limit) before calling the resource.
     */
    private JsonNode read(byte[] bytes) {
        int limit = config.maxBodyBytes();
        if (bytes.length > limit) {
            throw rejected(Problem.tooLarge("request body larger than " + limit + " bytes", limit));
        }
        try {
            return reader.read(bytes);
        } catch (MalformedJsonException e) {
            throw rejected(Problem.malformed(e.getMessage()));
        }
    }
}
