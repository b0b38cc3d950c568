package io.cdcfanout.loaddriver;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds the events of a load run from the templates in {@code load-test/events/}, by the rules of its README
 * (the same rules the k6 scripts follow): ids {@code <run>-CAR-n} …, a loan on car n, a payment on loan n, a
 * service record on car n; every 4th loan above 100000 and every even service at dealer {@code DEALER-001}, so
 * that the shipped content-based routes get traffic too.
 */
public final class EventFactory {

    /** Run ids become part of entity ids and Kafka keys: keep them to safe characters. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    static final BigDecimal LARGE_LOAN = new BigDecimal("150000.00");
    static final BigDecimal REGULAR_LOAN = new BigDecimal("50000.00");
    static final String ROUTED_DEALER = "DEALER-001";
    static final String OTHER_DEALER = "DEALER-002";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final String RUN_SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Map<EventKind, ObjectNode> TEMPLATES = loadTemplates();

    private final String runId;
    private final Clock clock;

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
    public ObjectNode create(EventKind kind, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("events are numbered from 1, got " + n);
        }
        ObjectNode event = TEMPLATES.get(kind).deepCopy();
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        ObjectNode header = (ObjectNode) event.get("eventHeader");
        header.put("uuid", UUID.randomUUID().toString());
        header.put("createdDate", now);
        header.put("savedDate", now);
        ObjectNode entity = (ObjectNode) event.get("entities").get(0);
        String id = kind.entityId(runId, n);
        entity.put("id", id);
        ObjectNode entityHeader = (ObjectNode) entity.get("entityHeader");
        entityHeader.put("entityId", id);
        entityHeader.put("createdAt", now);
        entityHeader.put("updatedAt", now);
        switch (kind) {
            case CAR_CREATED -> { }
            case LOAN_CREATED -> {
                entity.put("carId", EventKind.CAR_CREATED.entityId(runId, n));
                entity.put("loanAmount", n % 4 == 0 ? LARGE_LOAN : REGULAR_LOAN);
            }
            case LOAN_PAYMENT_SUBMITTED -> entity.put("loanId", EventKind.LOAN_CREATED.entityId(runId, n));
            case CAR_SERVICE_DONE -> {
                entity.put("carId", EventKind.CAR_CREATED.entityId(runId, n));
                entity.put("dealerId", n % 2 == 0 ? ROUTED_DEALER : OTHER_DEALER);
            }
        }
        return event;
    }

    private static Map<EventKind, ObjectNode> loadTemplates() {
        Map<EventKind, ObjectNode> templates = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            try (InputStream in = EventFactory.class.getResourceAsStream("/events/" + kind.template())) {
                if (in == null) {
                    throw new IllegalStateException("template events/" + kind.template() + " is not on the classpath");
                }
                JsonNode template = JSON.readTree(in);
                templates.put(kind, (ObjectNode) template);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + kind.template(), e);
            }
        }
        return templates;
    }
}
