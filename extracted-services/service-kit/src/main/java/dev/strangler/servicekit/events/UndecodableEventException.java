package dev.strangler.servicekit.events;

/** A stream entry that is not an event of the wire format (missing fields, bad sequence, bad JSON): a failed delivery. */
public final class UndecodableEventException extends RuntimeException {

  public UndecodableEventException(String message) {
    super(message, null, false, false);
  }
}
