package io.cdcfanout.pipelinetarget;

/** A target file that cannot be read or says something it may not; the message names the file and the key. */
public final class InvalidTargetException extends Exception {

    public InvalidTargetException(String message) {
        super(message);
    }
}
