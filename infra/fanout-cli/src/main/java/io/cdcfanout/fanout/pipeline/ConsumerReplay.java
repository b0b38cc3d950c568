package io.cdcfanout.fanout.pipeline;

import io.cdcfanout.localstack.StackException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * Moves a consumer group's committed offsets back to a point in time, the safe way: only while the
 * group has no member, never forward past what the group has committed, and only the partitions it
 * has committed offsets for.
 */
public final class ConsumerReplay {

    private static final long TIMEOUT_SECONDS = 30;

    private ConsumerReplay() {}

    /**
     * Where to replay from: {@code earliest}, or the first record whose timestamp (the record's
     * create time as Kafka stores it) is at or after {@code instant}.
     */
    public record Point(Instant instant) {

        public static final Point EARLIEST = new Point(null);

        public boolean earliest() {
            return instant == null;
        }

        @Override
        public String toString() {
            return earliest() ? "earliest" : instant.toString();
        }

        /**
         * Parses {@code --to} ({@link PointInTime}). A time before the epoch is {@link #EARLIEST}.
         *
         * @throws IllegalArgumentException what is wrong with {@code spec}, for the user
         */
        public static Point parse(String spec, Instant now) {
            Instant instant = PointInTime.parse("--to", spec, now);
            // Kafka record timestamps start at the epoch, and a negative one means something else to
            // ListOffsets (-1 latest, -2 earliest, …): any earlier time is every record.
            return instant == null || instant.isBefore(Instant.EPOCH) ? EARLIEST : new Point(instant);
        }
    }

    /**
     * One partition of the plan.
     *
     * @param committed the group's committed offset now
     * @param target the offset the group will read from next; never above {@code committed}
     * @param again records the group will handle again ({@code committed - target})
     */
    public record Move(TopicPartition partition, long committed, long target) {
        public long again() {
            return committed - target;
        }
    }

    /** The group is active, unknown, or has nothing on the requested topic: the message says which. */
    public static final class RefusedException extends Exception {
        private final boolean groupActive;

        public RefusedException(String message) {
            this(message, false);
        }

        RefusedException(String message, boolean groupActive) {
            super(message);
            this.groupActive = groupActive;
        }

        /** Refused because the group has members: stopping the consumer is the way on. */
        public boolean groupActive() {
            return groupActive;
        }
    }

    /** The moves for {@code group} (all its committed partitions, or those of {@code topic}), sorted; changes nothing. */
    public static List<Move> plan(Admin admin, String group, String topic, Point point) throws RefusedException, StackException {
        requireInactive(admin, group);
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        call(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .forEach((partition, offset) -> {
                    if (offset != null) {
                        committed.put(partition, offset);
                    }
                });
        if (committed.isEmpty()) {
            throw new RefusedException("consumer group " + group + " is unknown or has no committed offsets"
                    + " (./fanout status --pipeline lists the groups and their topics)");
        }
        if (topic != null) {
            TreeSet<String> topics = committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toCollection(TreeSet::new));
            committed.keySet().removeIf(partition -> !partition.topic().equals(topic));
            if (committed.isEmpty()) {
                throw new RefusedException("consumer group " + group + " has no committed offsets on topic " + topic + " (it has: "
                        + String.join(", ", topics) + ")");
            }
        }
        Map<TopicPartition, Long> ends = offsets(admin, committed.keySet(), OffsetSpec.latest());
        Map<TopicPartition, Long> targets = offsets(admin, committed.keySet(),
                point.earliest() ? OffsetSpec.earliest() : OffsetSpec.forTimestamp(point.instant().toEpochMilli()));
        List<Move> moves = new ArrayList<>();
        for (var entry : committed.entrySet()) {
            long now = entry.getValue().offset();
            long found = targets.get(entry.getKey());
            // No record at or after the time: the end of the partition, where the next record will be.
            long target = found < 0 ? ends.get(entry.getKey()) : found;
            // Never forward: that would skip records the group has not handled yet.
            moves.add(new Move(entry.getKey(), now, Math.min(now, target)));
        }
        moves.sort(Comparator.comparing((Move m) -> m.partition().topic()).thenComparingInt(m -> m.partition().partition()));
        return moves;
    }

    /** Commits the planned offsets for the group, refusing again if it became active since the plan. */
    public static void apply(Admin admin, String group, List<Move> moves) throws RefusedException, StackException {
        requireInactive(admin, group);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        moves.forEach(move -> offsets.put(move.partition(), new OffsetAndMetadata(move.target())));
        try {
            admin.alterConsumerGroupOffsets(group, offsets).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException || e.getCause() instanceof UnknownMemberIdException) {
                throw new RefusedException("consumer group " + group + " became active while replaying; nothing was changed."
                        + " Stop every instance of the consumer first, then run this again", true);
            }
            throw new StackException("could not commit the offsets of consumer group " + group + ": " + e.getCause().getMessage());
        } catch (Exception e) {
            throw new StackException("could not commit the offsets of consumer group " + group + ": " + e.getMessage());
        }
    }

    private static void requireInactive(Admin admin, String group) throws RefusedException, StackException {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new RefusedException("consumer group " + group + " is unknown (./fanout status --pipeline lists the groups)");
            }
            throw new StackException("could not describe consumer group " + group + ": " + e.getCause().getMessage());
        } catch (Exception e) {
            throw new StackException("could not describe consumer group " + group + ": " + e.getMessage());
        }
        GroupState state = description.groupState();
        Collection<MemberDescription> members = description.members();
        if (!members.isEmpty() || (state != GroupState.EMPTY && state != GroupState.DEAD)) {
            String who = members.stream().map(m -> m.clientId() + " on " + m.host() + " (member " + m.consumerId() + ")")
                    .collect(Collectors.joining(", "));
            throw new RefusedException("consumer group " + group + " is active (state " + state + ")"
                    + (who.isEmpty() ? "" : ": " + who) + "; nothing was changed. Stop every instance of the consumer"
                    + " first (Kafka refuses to move the offsets of a group with members), then run this again", true);
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec) throws StackException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = call(() -> admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private interface KafkaCall<T> {
        T get() throws Exception;
    }

    private static <T> T call(KafkaCall<T> call) throws StackException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            throw new StackException("Kafka refused: " + e.getCause().getMessage());
        } catch (Exception e) {
            throw new StackException("Kafka did not answer: " + e.getMessage());
        }
    }
}
