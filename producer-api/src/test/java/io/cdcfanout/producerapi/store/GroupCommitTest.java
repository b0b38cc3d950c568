package io.cdcfanout.producerapi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.producerapi.event.ValidatedEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How requests take turns running transactions of grouped events, and how a group's failure reaches each request.
 * The transaction here only records what it was given (the SQL of a group is tested against PostgreSQL in
 * ConcurrentSingleEventsTest): what is under test is the turn-taking, which no database makes deterministic.
 */
class GroupCommitTest {

    private final ExecutorService requests = Executors.newCachedThreadPool();
    private final List<List<ValidatedEvent>> transactions = Collections.synchronizedList(new ArrayList<>());
    /** What the first transaction does before it stores: {@link #queueAsOneGroup} holds it there. */
    private Runnable holdFirst = () -> { };

    @AfterEach
    void stopRequests() {
        requests.shutdownNow();
    }

    @Test
    void aLoneEventIsStoredAtOnceInATransactionOfItsOwn() {
        GroupCommit groupCommit = new GroupCommit(4, 64, recording(events -> stored(events.size())));

        GroupCommit.Pending pending = groupCommit.store(event(), OutboxTrace.NONE);

        assertThat(pending.outcome()).isEqualTo(StoreOutcome.STORED);
        assertThat(pending.groupSize()).isEqualTo(1);
        assertThat(transactions).hasSize(1);
    }

    @Test
    void eventsQueuedWhileEveryTransactionRunsShareTheNextOne() throws Exception {
        GroupCommit groupCommit = new GroupCommit(1, 64, recording(events -> stored(events.size())));

        List<GroupCommit.Pending> pendings = storeAsOneGroup(groupCommit, List.of(event(), event(), event(), event(), event()));

        assertThat(pendings).allSatisfy(pending -> {
            assertThat(pending.outcome()).isEqualTo(StoreOutcome.STORED);
            assertThat(pending.groupSize()).isEqualTo(5);
        });
        assertThat(transactions).extracting(List::size).containsExactly(1, 5);
    }

    @Test
    void aGroupIsNeverLargerThanMaxEvents() throws Exception {
        GroupCommit groupCommit = new GroupCommit(1, 3, recording(events -> stored(events.size())));
        List<Future<GroupCommit.Pending>> stores = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stores.add(requests.submit(() -> groupCommit.store(event(), OutboxTrace.NONE)));
        }
        for (Future<GroupCommit.Pending> store : stores) {
            assertThat(store.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(StoreOutcome.STORED);
        }
        assertThat(transactions).allSatisfy(events -> assertThat(events.size()).isBetween(1, 3));
        assertThat(transactions.stream().mapToInt(List::size).sum()).isEqualTo(40);
    }

    @Test
    void aGroupThatFailsIsStoredAgainEventByEventSoOnlyTheFailingEventFails() throws Exception {
        ValidatedEvent conflicting = event();
        List<ValidatedEvent> group = List.of(event(), conflicting, event());
        GroupCommit groupCommit = new GroupCommit(1, 64, recording(events -> {
            if (events.contains(conflicting)) {
                throw new EventConflictException(conflicting.eventId());
            }
            return stored(events.size());
        }));

        List<GroupCommit.Pending> pendings = storeAsOneGroup(groupCommit, group);

        assertThat(pendings.get(0).outcome()).isEqualTo(StoreOutcome.STORED);
        assertThatThrownBy(() -> pendings.get(1).outcome()).isInstanceOf(EventConflictException.class);
        assertThat(pendings.get(2).outcome()).isEqualTo(StoreOutcome.STORED);
        assertThat(pendings).extracting(GroupCommit.Pending::groupSize).containsExactly(1, 1, 1);
        assertThat(transactions).extracting(List::size).containsExactly(1, 3, 1, 1, 1);
    }

    @Test
    void anUnavailableDatabaseFailsTheWholeGroupWithoutTryingEachEvent() throws Exception {
        StoreException unavailable = new StoreException(new SQLException("Connection refused", "08001"));
        GroupCommit groupCommit = new GroupCommit(1, 64, recording(events -> {
            if (events.size() > 1) {
                throw unavailable;
            }
            return stored(1);
        }));

        List<GroupCommit.Pending> pendings = storeAsOneGroup(groupCommit, List.of(event(), event(), event()));

        for (GroupCommit.Pending pending : pendings) {
            assertThatThrownBy(pending::outcome).isSameAs(unavailable);
        }
        assertThat(transactions).extracting(List::size).containsExactly(1, 3);
    }

    @Test
    void aCommitWithUnknownOutcomeNamesEachRequestItsOwnEvent() throws Exception {
        GroupCommit groupCommit = new GroupCommit(1, 64, recording(events -> {
            if (events.size() > 1) {
                throw new CommitOutcomeUnknownException(events.stream().map(ValidatedEvent::eventId).toList(),
                        new SQLException("I/O error", "08006"));
            }
            return stored(1);
        }));
        List<ValidatedEvent> group = List.of(event(), event());

        List<GroupCommit.Pending> pendings = storeAsOneGroup(groupCommit, group);

        for (int i = 0; i < group.size(); i++) {
            UUID own = group.get(i).eventId();
            assertThatThrownBy(pendings.get(i)::outcome).isInstanceOfSatisfying(CommitOutcomeUnknownException.class,
                    unknown -> assertThat(unknown.eventIds()).containsExactly(own));
        }
    }

    @Test
    void anErrorInATransactionStillAnswersEveryRequestOfItsGroup() throws Exception {
        GroupCommit groupCommit = new GroupCommit(1, 64, recording(events -> {
            if (events.size() > 1) {
                throw new OutOfMemoryError("test");
            }
            return stored(1);
        }));

        List<Future<GroupCommit.Pending>> requests = queueAsOneGroup(groupCommit, List.of(event(), event()));

        // The request whose thread ran the transaction ends with the Error itself, the others with an answer.
        for (Future<GroupCommit.Pending> request : requests) {
            try {
                assertThatThrownBy(request.get(10, TimeUnit.SECONDS)::outcome).isInstanceOf(IllegalStateException.class);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(OutOfMemoryError.class);
            }
        }
    }

    @Test
    void settingsBelowOneAreRefusedNamingThem() {
        assertThatThrownBy(() -> new GroupCommit(0, 64, (events, traces) -> List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("producer.group-commit.transactions");
        assertThatThrownBy(() -> new GroupCommit(4, 0, (events, traces) -> List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("producer.group-commit.max-events");
    }

    /**
     * Stores {@code group} as one group ({@link #queueAsOneGroup}), each request's outcome in order.
     */
    private List<GroupCommit.Pending> storeAsOneGroup(GroupCommit groupCommit, List<ValidatedEvent> group) throws Exception {
        List<GroupCommit.Pending> pendings = new ArrayList<>();
        for (Future<GroupCommit.Pending> request : queueAsOneGroup(groupCommit, group)) {
            pendings.add(request.get(10, TimeUnit.SECONDS));
        }
        return pendings;
    }

    /**
     * A first event's transaction holds the only turn while the group's requests queue up, so the next transaction
     * gets them all, in this order.
     */
    private List<Future<GroupCommit.Pending>> queueAsOneGroup(GroupCommit groupCommit, List<ValidatedEvent> group) throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        holdFirst = () -> {
            firstRunning.countDown();
            awaitLatch(releaseFirst);
        };
        Future<GroupCommit.Pending> first = requests.submit(() -> groupCommit.store(event(), OutboxTrace.NONE));
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<GroupCommit.Pending>> queued = new ArrayList<>();
        for (ValidatedEvent event : group) {
            queued.add(requests.submit(() -> groupCommit.store(event, OutboxTrace.NONE)));
            await().atMost(Duration.ofSeconds(10)).until(() -> queuedThreadsAsleep(queued));
        }
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        return queued;
    }

    /** Records each transaction's events; the first one runs {@link #holdFirst} before {@code outcomes}. */
    private GroupCommit.Transaction recording(Function<List<ValidatedEvent>, List<StoreOutcome>> outcomes) {
        return (events, traces) -> {
            transactions.add(events);
            if (transactions.size() == 1) {
                holdFirst.run();
            }
            return outcomes.apply(events);
        };
    }

    /** Whether every queued request's thread is asleep waiting for its turn or its outcome. */
    private boolean queuedThreadsAsleep(List<Future<GroupCommit.Pending>> queued) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getState() == Thread.State.WAITING)
                .filter(thread -> List.of(thread.getStackTrace()).stream().anyMatch(frame -> frame.getMethodName().equals("awaitDoneOrNudge")))
                .count() >= queued.size();
    }

    private static List<StoreOutcome> stored(int events) {
        return Collections.nCopies(events, StoreOutcome.STORED);
    }

    private static ValidatedEvent event() {
        return new ValidatedEvent(UUID.randomUUID(), false, "CarCreated", null, null, null, null, List.of(), null, null);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
