package io.tributary.clean;

/** A single value that cannot be cleaned; the row that holds it is rejected with this message. */
public class ValueException extends RuntimeException {
    public ValueException(String message) {
        super(message, null, false, false);
    }
}
