package io.cdcfanout.sdk.consumer.internal;

/** The schema registry could not be reached or answered with a server error: worth waiting for, not a poison record. */
public class RegistryUnavailableException extends Exception {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
