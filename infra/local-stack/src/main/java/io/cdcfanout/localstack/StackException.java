package io.cdcfanout.localstack;

/**
 * A failure the user can act on. The message is one line saying what happened and what to do;
 * {@link #details()} may add more (e.g. the last lines of a component's log).
 */
public class StackException extends Exception {

    private final String details;

    public StackException(String message) {
        this(message, "", null);
    }

    public StackException(String message, Throwable cause) {
        this(message, "", cause);
    }

    public StackException(String message, String details, Throwable cause) {
        super(message, cause);
        this.details = details == null ? "" : details;
    }

    public String details() {
        return details;
    }
}
