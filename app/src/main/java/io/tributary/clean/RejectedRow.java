package io.tributary.clean;

/**
 * A row that could not be cleaned: where it is in the raw file, which rule refused it
 * ({@code malformed}, {@code column_count}, {@code type}, {@code expression}) and why.
 */
public record RejectedRow(long line, String rule, String reason) {
    @Override
    public String toString() {
        return "line " + line + " [" + rule + "]: " + reason;
    }
}
