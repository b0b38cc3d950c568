package io.cdcfanout.fanout.pipeline;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The points in time operator commands take ({@code replay --to}, {@code backfill --since/--until}): {@code earliest},
 * an ISO-8601 date-time with a zone offset ({@code 2026-12-01T09:00:00Z}, {@code 2026-12-01T10:00:00+01:00}) or a
 * duration back from now ({@code -90s}, {@code -30m}, {@code -2h}, {@code -7d}). A date-time without offset is
 * refused: whose clock it means (this machine's, the cluster's, the user's) is exactly what goes wrong by hand.
 */
public final class PointInTime {

    /** How the forms read in usage text. */
    public static final String FORMS = "earliest; an ISO-8601 date-time with zone, 2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00"
            + " (without a zone: refused); or a duration back from now: -90s, -30m, -2h, -7d";

    private static final Pattern AGO = Pattern.compile("-(\\d+)([smhd])");

    private PointInTime() {
    }

    /**
     * Parses {@code spec}, given as {@code option}.
     *
     * @return the instant, or null for {@code earliest} and for a duration further back than an instant reaches
     * @throws IllegalArgumentException what is wrong with {@code spec}, for the user: not one of the forms, no zone,
     *     or in the future
     */
    public static Instant parse(String option, String spec, Instant now) {
        String value = spec.trim();
        if (value.equalsIgnoreCase("earliest")) {
            return null;
        }
        Matcher ago = AGO.matcher(value);
        Instant instant;
        if (ago.matches()) {
            try {
                long amount = Long.parseLong(ago.group(1));
                Duration back = switch (ago.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                instant = now.minus(back);
            } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
                // More digits than a long holds, or further back than Instant reaches: before everything.
                return null;
            }
        } else {
            try {
                instant = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                if (isLocalDateTime(value)) {
                    throw new IllegalArgumentException(option + " '" + spec + "' has no zone: add Z for UTC or an offset such as +01:00"
                            + " (e.g. " + value + "Z)");
                }
                throw new IllegalArgumentException(option + " '" + spec + "' is not earliest, an ISO-8601 date-time with zone"
                        + " (2026-12-01T09:00:00Z) or a duration back from now (-90s, -30m, -2h, -7d)");
            }
        }
        if (instant.isAfter(now)) {
            throw new IllegalArgumentException(option + " " + instant + " is in the future (now: " + now + ")");
        }
        return instant;
    }

    private static boolean isLocalDateTime(String value) {
        try {
            LocalDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
