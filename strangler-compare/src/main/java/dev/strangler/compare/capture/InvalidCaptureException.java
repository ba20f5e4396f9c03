package dev.strangler.compare.capture;

/** A capture line that can't be read, with what is wrong in it. */
public final class InvalidCaptureException extends RuntimeException {

    public InvalidCaptureException(String message) {
        super(message);
    }
}
