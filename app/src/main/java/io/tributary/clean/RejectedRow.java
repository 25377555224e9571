package io.tributary.clean;

/**
 * A row that could not be cleaned: where it is in the raw file, which rule refused it
 * ({@code malformed}, {@code column_count}, {@code type}, {@code required}, {@code pattern},
 * {@code expression}), why, and the record as read (its fields joined, or its raw text).
 */
public record RejectedRow(long line, String rule, String reason, String record) {
    @Override
    public String toString() {
        return "line " + line + " [" + rule + "]: " + reason;
    }
}
