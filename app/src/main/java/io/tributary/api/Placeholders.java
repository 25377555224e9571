package io.tributary.api;

import java.util.Optional;
import java.util.function.Function;

/**
 * {@code ${NAME}} and {@code ${NAME:default}} in a spec's text (an API's URL), the default itself
 * possibly a placeholder: {@code ${FLOWERS_API_URL:${tributary.local.mock-api-url}}}. A name is
 * looked up lazily, outermost first, so a default is only resolved when its name is not set.
 */
public final class Placeholders {

    private Placeholders() {
    }

    /** The text with every placeholder replaced; {@link IllegalArgumentException} names one that is not set. */
    public static String resolve(String text, Function<String, Optional<String>> lookup) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = closing(text, start + 2);
            String inner = text.substring(start + 2, end);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            Optional<String> value = lookup.apply(name.trim()).filter(v -> !v.isEmpty());
            if (value.isPresent()) {
                out.append(value.get());
            } else if (colon >= 0) {
                out.append(resolve(inner.substring(colon + 1), lookup));
            } else {
                throw new IllegalArgumentException(name + " is not set (an environment variable, system property or"
                        + " setting named in '" + text + "')");
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static int closing(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            if (text.startsWith("${", i)) {
                depth++;
                i++;
            } else if (text.charAt(i) == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        throw new IllegalArgumentException("'" + text + "': a ${ without its }");
    }
}
