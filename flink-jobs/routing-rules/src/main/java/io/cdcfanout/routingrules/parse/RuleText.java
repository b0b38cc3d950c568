package io.cdcfanout.routingrules.parse;

import java.util.Optional;

/**
 * Which characters a rule's text may hold. Rule names, descriptions, values and every other
 * string end up inside generated SQL literals, comments, logs and terminals: a line break there
 * can end a comment or a statement early for a tool that cuts SQL by lines or semicolons, and
 * bidirectional overrides make text read differently from what runs. None of them is needed to
 * route an event, so they are refused rather than escaped.
 */
final class RuleText {

    private RuleText() {
    }

    /** Why {@code text} cannot be rule text, or empty if it can. */
    static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String what = refused(cp);
            if (what != null) {
                return Optional.of(String.format("contains %s (U+%04X) at character %d; rule text must be a single line "
                        + "without control or bidirectional formatting characters", what, cp, text.codePointCount(0, i) + 1));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    private static String refused(int cp) {
        if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
            return "a line break";
        }
        if (Character.isISOControl(cp)) {
            return "a control character";
        }
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C) {
            return "a bidirectional formatting character";
        }
        return null;
    }
}
