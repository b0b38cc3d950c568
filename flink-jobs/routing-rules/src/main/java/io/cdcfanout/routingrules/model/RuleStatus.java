package io.cdcfanout.routingrules.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Lifecycle of a rule; only {@link #ACTIVE} rules that are enabled are deployed. */
public enum RuleStatus {
    ACTIVE, DRAFT, PAUSED, INACTIVE, RETIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RuleStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(RuleStatus::wireName).collect(Collectors.joining(", "));
    }
}
