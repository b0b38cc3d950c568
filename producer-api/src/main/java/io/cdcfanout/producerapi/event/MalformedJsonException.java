package io.cdcfanout.producerapi.event;

/** The request body is not one well-formed JSON document (answered with 400). */
public class MalformedJsonException extends Exception {

    public MalformedJsonException(String message) {
        super(message);
    }
}
