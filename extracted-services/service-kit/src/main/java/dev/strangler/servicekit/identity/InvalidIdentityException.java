package dev.strangler.servicekit.identity;

/** An identity token that must not be trusted: forged, tampered with, expired, or meant for another service. */
public final class InvalidIdentityException extends RuntimeException {

  public InvalidIdentityException(String reason) {
    super(reason, null, false, false);
  }
}
