package io.tracknow.messaging.kafka;

/**
 * An event that decoded but can never be processed (a required id missing, an unknown currency):
 * retrying cannot help, so it goes straight to the dead-letter topic.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
