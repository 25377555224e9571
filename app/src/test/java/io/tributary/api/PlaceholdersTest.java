package io.tributary.api;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlaceholdersTest {
    private static String resolve(String text, Map<String, String> set) {
        return Placeholders.resolve(text, name -> Optional.ofNullable(set.get(name)));
    }

    @Test
    void aNameItsDefaultAndADefaultThatIsAPlaceholderItself() {
        String url = "${FLOWERS_API_URL:${tributary.local.mock-api-url}}";
        assertEquals("https://api.example.com", resolve(url, Map.of("FLOWERS_API_URL", "https://api.example.com")));
        assertEquals("http://127.0.0.1:4570", resolve(url, Map.of("tributary.local.mock-api-url",
                "http://127.0.0.1:4570")));
        assertEquals("http://h:1/v1", resolve("http://${HOST:h}:${PORT:1}/v1", Map.of()));
        assertEquals("no placeholders", resolve("no placeholders", Map.of()));
        assertEquals("a:b", resolve("${X:a:b}", Map.of()), "the default is everything after the first colon");
        assertEquals("FLOWERS_API_URL is not set (an environment variable, system property or setting named in"
                + " '${FLOWERS_API_URL}')", assertThrows(IllegalArgumentException.class,
                () -> resolve("${FLOWERS_API_URL}", Map.of())).getMessage());
        assertEquals("tributary.local.mock-api-url is not set (an environment variable, system property or setting"
                + " named in '${tributary.local.mock-api-url}')", assertThrows(IllegalArgumentException.class,
                () -> resolve(url, Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolve("${OPEN", Map.of()));
    }
}
