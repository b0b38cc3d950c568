package io.cdcfanout.routingrules.parse;

import io.cdcfanout.routingrules.model.FieldRef;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of field references (see {@link FieldRef} for the syntax). */
final class FieldRefs {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[[0-9]{1,6}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[([0-9]+)]");
    private static final Pattern INDEXED_ENTITIES = Pattern.compile("entities\\[([0-9]{1,6})]");

    static final String SYNTAX = "eventHeader.<name>, one of " + FieldRef.HEADER_SHORTHANDS.stream().sorted().toList()
            + ", entity.<path>, entities[<n>].<path> or cdc.operation, where <path> is dot-separated identifiers"
            + " ([A-Za-z_][A-Za-z0-9_]*, optionally indexed like parts[0])";

    private FieldRefs() {}

    static Optional<FieldRef> parse(String text) {
        if (text.equals(FieldRef.CDC_OPERATION)) {
            return Optional.of(new FieldRef(text, null, null));
        }
        return path(text, FieldRef.HEADER_SHORTHANDS.contains(text) ? "eventHeader." + text : text);
    }

    private static Optional<FieldRef> path(String text, String full) {
        String[] parts = full.split("\\.", -1);
        if (parts.length < 2) {
            return Optional.empty();
        }
        StringBuilder jsonPath = new StringBuilder("$");
        StringBuilder pointer = new StringBuilder();
        Matcher indexed = INDEXED_ENTITIES.matcher(parts[0]);
        if (parts[0].equals("eventHeader")) {
            if (parts.length != 2 || !IDENTIFIER.matcher(parts[1]).matches()) {
                return Optional.empty();
            }
            jsonPath.append(".eventHeader");
            pointer.append("/eventHeader");
        } else if (parts[0].equals("entity")) {
            jsonPath.append(".entities[0]");
            pointer.append("/entities/0");
        } else if (indexed.matches()) {
            int index = Integer.parseInt(indexed.group(1));
            jsonPath.append(".entities[").append(index).append(']');
            pointer.append("/entities/").append(index);
        } else {
            return Optional.empty();
        }
        for (int i = 1; i < parts.length; i++) {
            Matcher segment = SEGMENT.matcher(parts[i]);
            if (!segment.matches()) {
                return Optional.empty();
            }
            jsonPath.append('.').append(segment.group(1));
            pointer.append('/').append(segment.group(1));
            Matcher index = INDEX.matcher(segment.group(2));
            while (index.find()) {
                int n = Integer.parseInt(index.group(1));
                jsonPath.append('[').append(n).append(']');
                pointer.append('/').append(n);
            }
        }
        return Optional.of(new FieldRef(text, jsonPath.toString(), pointer.toString()));
    }
}
