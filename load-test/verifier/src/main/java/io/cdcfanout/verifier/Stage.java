package io.cdcfanout.verifier;

import java.util.List;

/**
 * What one place of the pipeline (the raw topic, a routed topic, a consumer) got of a run's events.
 *
 * @param name topic or consumer group
 * @param expected events that should be there
 * @param delivered of those, the ones that are
 * @param lost expected but not there
 * @param misrouted there but not expected
 * @param duplicated there more than once
 * @param altered there with other content than the producer accepted
 * @param deadLettered in this place's dead-letter topic
 * @param delay producer accept → handled (consumers only; {@link Delay#NONE} elsewhere)
 * @param examples up to 5 event ids per problem, for a first look
 */
public record Stage(String name, long expected, long delivered, long lost, long misrouted, long duplicated, long altered,
        long deadLettered, Delay delay, List<String> examples) {

    boolean clean() {
        return lost == 0 && misrouted == 0 && altered == 0;
    }
}
