package io.cdcfanout.producerapi.store;

import io.cdcfanout.producerapi.event.ValidatedEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit: events stored at the same time by concurrent requests share one transaction, whose statements go
 * to PostgreSQL as one batch per kind ({@link EventRows#writeAll}). On two cores the round trips of a transaction
 * per event (five statements and a COMMIT, each a wake-up of PostgreSQL and of a JDBC thread) cost more CPU than the
 * rows themselves (producer-api/README.md, Benchmark).
 *
 * <p>No thread of its own and no waiting for a group to fill: the requests' threads take turns. A request queues its
 * event and, if fewer than {@code transactions} transactions are running, drains the queue (up to
 * {@code maxEvents}) into one transaction itself; otherwise it sleeps until a running transaction has stored its
 * event, or has finished and woken the head of the queue to start the next one. A lone request therefore runs its
 * own transaction at once, as without grouping; under load, the events that arrived during a transaction form the
 * next group.
 *
 * <p>Each request still gets its own outcome. A failure that may be one event's (a conflicting id, a value the
 * database refuses, a deadlock) rolls the group back and every event of it is stored again in a transaction of its
 * own; a database that is unavailable fails the whole group; a COMMIT whose outcome is unknown leaves every event
 * of the group unknown (each request is told its own id, a safe retry). Hand-written: grouping is a few lines
 * around the JDBC transaction, and no library we use (Agroal, Narayana, Vert.x) offers it for JDBC.
 */
final class GroupCommit {

    /** One transaction over the events, in order: the outcomes, or an exception as {@link EventStore#storeAll}. */
    interface Transaction {
        List<StoreOutcome> run(List<ValidatedEvent> events, List<OutboxTrace> traces);
    }

    /** An event waiting for its transaction, and then its outcome. */
    static final class Pending {

        final ValidatedEvent event;
        final OutboxTrace trace;
        private final Thread waiter = Thread.currentThread();
        private StoreOutcome outcome;
        private RuntimeException failure;
        private int groupSize;
        private volatile boolean done;
        private volatile boolean nudged;

        Pending(ValidatedEvent event, OutboxTrace trace) {
            this.event = event;
            this.trace = trace;
        }

        /** The outcome of the event's store, or its failure thrown. */
        StoreOutcome outcome() {
            if (failure != null) {
                throw failure;
            }
            return outcome;
        }

        /** How many events the transaction that decided the outcome stored (1: a transaction of its own). */
        int groupSize() {
            return groupSize;
        }

        private void complete(StoreOutcome outcome, RuntimeException failure, int groupSize) {
            this.outcome = outcome;
            this.failure = failure;
            this.groupSize = groupSize;
            done = true;  // volatile write after the fields: a thread that sees done sees them
            LockSupport.unpark(waiter);
        }

        private void nudge() {
            nudged = true;
            LockSupport.unpark(waiter);
        }

        /** Sleeps until done or nudged; an interrupt cannot abandon an event already queued, so it is kept for later. */
        private boolean awaitDoneOrNudge() {
            boolean interrupted = false;
            while (!done && !nudged) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            nudged = false;
            return interrupted;
        }
    }

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore transactions;
    private final int maxEvents;
    private final Transaction transaction;

    GroupCommit(int transactions, int maxEvents, Transaction transaction) {
        if (transactions < 1 || maxEvents < 1) {
            throw new IllegalArgumentException("producer.group-commit.transactions and producer.group-commit.max-events must be "
                    + "at least 1, were " + transactions + " and " + maxEvents);
        }
        this.transactions = new Semaphore(transactions);
        this.maxEvents = maxEvents;
        this.transaction = transaction;
    }

    /** Stores the event in a transaction, with others or alone; returns once it is decided. */
    Pending store(ValidatedEvent event, OutboxTrace trace) {
        Pending pending = new Pending(event, trace);
        queue.add(pending);
        boolean interrupted = false;
        while (!pending.done) {
            if (!queue.isEmpty() && transactions.tryAcquire()) {
                try {
                    commitGroup();
                } finally {
                    transactions.release();
                }
                // After the release: a request that found every transaction taken is asleep, and someone must start it.
                Pending head = queue.peek();
                if (head != null) {
                    head.nudge();
                }
            } else {
                // Queue empty: a running transaction has taken this event and will wake us.
                interrupted |= pending.awaitDoneOrNudge();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return pending;
    }

    private void commitGroup() {
        List<Pending> group = new ArrayList<>();
        for (Pending next; group.size() < maxEvents && (next = queue.poll()) != null; ) {
            group.add(next);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            List<StoreOutcome> outcomes = run(group);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).complete(outcomes.get(i), null, group.size());
            }
        } catch (CommitOutcomeUnknownException e) {
            for (Pending pending : group) {
                pending.complete(null, group.size() == 1 ? e
                        : new CommitOutcomeUnknownException(List.of(pending.event.eventId()), (SQLException) e.getCause()), group.size());
            }
        } catch (RuntimeException e) {
            if (group.size() == 1 || StoreException.isDatabaseUnavailable(e)) {
                group.forEach(pending -> pending.complete(null, e, group.size()));
            } else {
                group.forEach(this::commitAlone);
            }
        } finally {
            // An Error (out of memory…) must not leave requests asleep forever.
            for (Pending pending : group) {
                if (!pending.done) {
                    pending.complete(null, new IllegalStateException("storing the event's group failed"), group.size());
                }
            }
        }
    }

    private void commitAlone(Pending pending) {
        try {
            pending.complete(run(List.of(pending)).get(0), null, 1);
        } catch (RuntimeException e) {
            pending.complete(null, e, 1);
        }
    }

    private List<StoreOutcome> run(List<Pending> group) {
        return transaction.run(group.stream().map(pending -> pending.event).toList(), group.stream().map(pending -> pending.trace).toList());
    }
}
