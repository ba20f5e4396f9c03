package dev.strangler.catalog.query;

/** A request parameter the catalog can't accept; {@code message} reads after the field name. */
public final class InvalidParameter extends RuntimeException {

  private final String field;

  public InvalidParameter(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
