package io.cdcfanout.events.codec;

import java.util.Arrays;

/**
 * Where a reader is in a JSON document, as a stack of field names and array indexes, written out as a JSON path
 * ({@code $.entities[0].year}) only when a value is refused: building the text for every value read costs more than
 * reading it.
 */
final class JsonPath {

    private static final int INDEX = -1;

    private String[] names = new String[8];
    private int[] indexes = new int[8];
    private int depth;

    void enterField(String name) {
        grow();
        names[depth] = name;
        indexes[depth] = INDEX;
        depth++;
    }

    void enterIndex(int index) {
        grow();
        names[depth] = null;
        indexes[depth] = index;
        depth++;
    }

    void leave() {
        depth--;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("$");
        for (int i = 0; i < depth; i++) {
            if (names[i] != null) {
                text.append('.').append(names[i]);
            } else {
                text.append('[').append(indexes[i]).append(']');
            }
        }
        return text.toString();
    }

    private void grow() {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
        }
    }
}
