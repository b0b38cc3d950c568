package io.cdcfanout.loaddriver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Builds the events of a load run from the templates in {@code contract/samples/}, by the rules of its README
 * (the same rules the k6 scripts follow): ids {@code <run>-CAR-n} …, a loan on car n, a payment on loan n, a
 * service record on car n; every 4th loan above 100000 and every even service at dealer {@code DEALER-001}, so
 * that the shipped content-based routes get traffic too.
 *
 * <p>Each template is serialized once and split around the values an event fills in; an event is those pieces
 * and its values appended, so that the load tool spends its CPU on requests, not on JSON trees. Thread-safe.
 */
public final class EventFactory {

    /** Run ids become part of entity ids and Kafka keys: keep them to safe characters. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    static final BigDecimal LARGE_LOAN = new BigDecimal("150000.00");
    static final BigDecimal REGULAR_LOAN = new BigDecimal("50000.00");
    static final String ROUTED_DEALER = "DEALER-001";
    static final String OTHER_DEALER = "DEALER-002";

    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final String RUN_SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Map<EventKind, Template> TEMPLATES = loadTemplates();

    private final String runId;
    private final Clock clock;

    /** One event of a run, ready to send: every attempt sends the same body, hence the same event id. */
    public record Event(EventKind kind, String eventId, String json) {
    }

    /**
     * @param runId prefix of every id of the run
     * @throws IllegalArgumentException when the run id has characters outside {@link #RUN_ID}
     */
    public EventFactory(String runId, Clock clock) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must match " + RUN_ID.pattern() + ", got '" + runId + "'");
        }
        this.runId = runId;
        this.clock = clock;
    }

    /** A fresh run id, {@code run-<UTC yyyyMMddHHmmss>-<4 random [a-z0-9]>}. */
    public static String newRunId(Clock clock) {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("run-").append(RUN_STAMP.format(clock.instant())).append('-');
        for (int i = 0; i < 4; i++) {
            id.append(RUN_SUFFIX_CHARS.charAt(random.nextInt(RUN_SUFFIX_CHARS.length())));
        }
        return id.toString();
    }

    public String runId() {
        return runId;
    }

    /** The n-th event (n ≥ 1) of a kind, with a new event id and the current time. */
    public Event create(EventKind kind, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("events are numbered from 1, got " + n);
        }
        String eventId = randomUuid().toString();
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        Template template = TEMPLATES.get(kind);
        StringBuilder json = new StringBuilder(template.length() + 256);
        for (int i = 0; i < template.slots().size(); i++) {
            json.append(template.literals().get(i));
            // Every value is an id of safe characters (RUN_ID), a UUID, an ISO instant or a number: nothing to escape.
            switch (template.slots().get(i)) {
                case EVENT_ID -> quoted(json, eventId);
                case NOW -> quoted(json, now);
                case ENTITY_ID -> quoted(json, kind.entityId(runId, n));
                case CAR_ID -> quoted(json, EventKind.CAR_CREATED.entityId(runId, n));
                case LOAN_ID -> quoted(json, EventKind.LOAN_CREATED.entityId(runId, n));
                case LOAN_AMOUNT -> json.append(n % 4 == 0 ? LARGE_LOAN : REGULAR_LOAN);
                case DEALER_ID -> quoted(json, n % 2 == 0 ? ROUTED_DEALER : OTHER_DEALER);
            }
        }
        json.append(template.literals().getLast());
        return new Event(kind, eventId, json.toString());
    }

    /**
     * A version 4 UUID from {@link ThreadLocalRandom}: event ids must be unique, not unpredictable, and
     * {@link UUID#randomUUID()}'s shared {@link SecureRandom} costs a lock and a system call per id.
     */
    private static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    private static void quoted(StringBuilder json, String value) {
        json.append('"').append(value).append('"');
    }

    /** The values an event fills into its template. */
    private enum Slot {
        EVENT_ID, NOW, ENTITY_ID, CAR_ID, LOAN_ID, LOAN_AMOUNT, DEALER_ID;

        /** What stands for this slot in the template while it is serialized. */
        String marker() {
            return "@@" + name() + "@@";
        }
    }

    /** A serialized template: {@code literals[0] slot[0] literals[1] … slot[k-1] literals[k]}. */
    private record Template(List<String> literals, List<Slot> slots, int length) {

        static Template of(ObjectNode json) {
            String text = json.toString();
            List<String> literals = new ArrayList<>();
            List<Slot> slots = new ArrayList<>();
            int from = 0;
            for (int start = text.indexOf("\"@@"); start >= 0; start = text.indexOf("\"@@", from)) {
                int end = text.indexOf("@@\"", start + 3);
                literals.add(text.substring(from, start));
                slots.add(Slot.valueOf(text.substring(start + 3, end)));
                from = end + 3;
            }
            literals.add(text.substring(from));
            return new Template(List.copyOf(literals), List.copyOf(slots), text.length());
        }
    }

    private static Map<EventKind, Template> loadTemplates() {
        ObjectMapper json = new ObjectMapper();
        Map<EventKind, Template> templates = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            try (InputStream in = EventFactory.class.getResourceAsStream("/events/" + kind.template())) {
                if (in == null) {
                    throw new IllegalStateException("template events/" + kind.template() + " is not on the classpath");
                }
                ObjectNode event = (ObjectNode) json.readTree(in);
                ObjectNode header = (ObjectNode) event.get("eventHeader");
                header.put("uuid", Slot.EVENT_ID.marker());
                header.put("createdDate", Slot.NOW.marker());
                header.put("savedDate", Slot.NOW.marker());
                ObjectNode entity = (ObjectNode) event.get("entities").get(0);
                entity.put("id", Slot.ENTITY_ID.marker());
                ObjectNode entityHeader = (ObjectNode) entity.get("entityHeader");
                entityHeader.put("entityId", Slot.ENTITY_ID.marker());
                entityHeader.put("createdAt", Slot.NOW.marker());
                entityHeader.put("updatedAt", Slot.NOW.marker());
                switch (kind) {
                    case CAR_CREATED -> { }
                    case LOAN_CREATED -> {
                        entity.put("carId", Slot.CAR_ID.marker());
                        entity.put("loanAmount", Slot.LOAN_AMOUNT.marker());
                    }
                    case LOAN_PAYMENT_SUBMITTED -> entity.put("loanId", Slot.LOAN_ID.marker());
                    case CAR_SERVICE_DONE -> {
                        entity.put("carId", Slot.CAR_ID.marker());
                        entity.put("dealerId", Slot.DEALER_ID.marker());
                    }
                }
                templates.put(kind, Template.of(event));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + kind.template(), e);
            }
        }
        return templates;
    }
}
