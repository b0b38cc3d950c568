package io.cdcfanout.routingjob;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random events in the shape of the contract, with the variations the rules care about: missing,
 * null, mistyped and hostile field values, nested objects, a second entity and CDC operations.
 */
final class EventGenerator {

    static final List<String> TYPES = List.of("CarCreated", "LoanCreated", "LoanPaymentSubmitted", "CarServiceDone");
    private static final List<String> HOSTILE = List.of("x' OR '1'='1", "x", "a'\n-- b\\", "a' -- b\\", "tab\there ", "two  spaces ", "é中😀", "a''", "a'");

    private final ObjectMapper json = new ObjectMapper();
    private final Random random;

    EventGenerator(long seed) {
        random = new Random(seed);
    }

    /** A record: key, value and headers. */
    record Event(String uuid, String key, String value, String op) {}

    Event next() {
        String uuid = UUID.randomUUID().toString();
        String type = TYPES.get(random.nextInt(TYPES.size()));
        ObjectNode header = json.createObjectNode()
                .put("uuid", uuid)
                .put("eventName", pick("Car Created", "Loan Created", "Loan %_x", "Loan Payment Submitted", "Car Service Done"))
                .put("eventType", type)
                .put("createdDate", timestamp())
                .put("savedDate", timestamp());
        String id = type.substring(0, 4).toUpperCase() + "-" + random.nextInt(1000);
        ObjectNode entity = json.createObjectNode();
        entity.putObject("entityHeader").put("entityId", id).put("entityType", type);
        entity.put("id", id);
        switch (random.nextInt(5)) {
            case 0 -> { }
            case 1 -> entity.putNull("dealerId");
            default -> entity.put("dealerId", pick("DEALER-001", "DEALER-002", "DEALER-0035", "D", "DEALER-003"));
        }
        switch (random.nextInt(8)) {
            case 0 -> { }
            case 1 -> entity.put("loanAmount", pick("150000", "1.5e5", "abc", "100000", " 5"));
            case 2 -> entity.put("loanAmount", 100000);
            case 3 -> entity.put("loanAmount", 100000.0);
            case 4 -> entity.putNull("loanAmount");
            default -> entity.put("loanAmount", Math.round(random.nextDouble() * 30000000) / 100.0 - 100);
        }
        switch (random.nextInt(5)) {
            case 0 -> { }
            case 1 -> entity.putNull("owner");
            case 2 -> entity.put("owner", "John Doe");
            default -> entity.putObject("owner").putObject("address").put("state", pick("CA", "NY", "TX", "ca"));
        }
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> entity.put("insured", pick("true", "false", "yes"));
            default -> entity.put("insured", random.nextBoolean());
        }
        if (random.nextBoolean()) {
            entity.put("vin", pick("5TDJKRFH4LS123456", "5tdxx", "X5TDAB", "5TDA"));
        }
        if (random.nextInt(3) > 0) {
            entity.put("description", pick(HOSTILE.toArray(String[]::new)));
        }
        ObjectNode event = json.createObjectNode();
        event.set("eventHeader", header);
        ArrayNode entities = event.putArray("entities");
        entities.add(entity);
        if (random.nextInt(4) == 0) {
            entities.addObject().put("role", pick("co-signer", "owner"));
        }
        String op = random.nextInt(4) == 0 ? pick("u", "d", "r") : null;
        return new Event(uuid, id, event.toString(), op);
    }

    List<Event> events(int count) {
        return java.util.stream.Stream.generate(this::next).limit(count).toList();
    }

    private String timestamp() {
        Instant instant = Instant.parse("2025-01-01T00:00:00Z").plusMillis((long) (random.nextDouble() * 365L * 24 * 3600 * 1000));
        return switch (random.nextInt(6)) {
            case 0 -> instant.toString().replace("T", " ");
            case 1 -> instant.toEpochMilli() % 2 == 0 ? "2025-06-30T23:59:59.999Z" : "2025-03-01T00:00:00Z";
            default -> instant.toString();
        };
    }

    private String pick(String... values) {
        return values[random.nextInt(values.length)];
    }
}
