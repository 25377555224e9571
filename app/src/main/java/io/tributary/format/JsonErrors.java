package io.tributary.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.util.regex.Pattern;

/** The reason a rejected record gives for text the JSON parser refused: what is wrong, and where. */
public final class JsonErrors {

    /** Jackson names the start of an unclosed object by a source it does not show: the column says where. */
    private static final Pattern START_MARKER = Pattern.compile("\\s*\\(start marker at \\[Source: .*\\]\\)");

    /** What Jackson says of text after the value ({@link JsonTree}). */
    private static final String TRAILING = "Trailing token";

    private JsonErrors() {
    }

    /**
     * {@code not JSON: <what> at column <n>} (with {@code line <n>, } before the column when
     * {@code withLine}, for text of many lines).
     */
    public static String notJson(IOException e, boolean withLine) {
        if (!(e instanceof JsonProcessingException j)) {
            return "not JSON: " + e.getMessage();
        }
        String message = String.valueOf(j.getOriginalMessage());
        String what = message.startsWith(TRAILING) ? "more after the value"
                : START_MARKER.matcher(message).replaceAll("");
        JsonLocation at = j.getLocation();
        if (at == null || at.getColumnNr() <= 0) {
            return "not JSON: " + what;
        }
        return "not JSON: " + what + " at " + (withLine && at.getLineNr() > 0 ? "line " + at.getLineNr() + ", " : "")
                + "column " + at.getColumnNr();
    }
}
