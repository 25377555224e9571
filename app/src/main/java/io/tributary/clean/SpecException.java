package io.tributary.clean;

/** A dataset spec that cannot be used: names the spec file and what is wrong with it. */
public class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
