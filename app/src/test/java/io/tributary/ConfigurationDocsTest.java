package io.tributary;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md's table against the configuration class and its defaults: every setting
 * {@link TributaryConfig} has is in the table and nothing else of {@code tributary.*} is, and each
 * default the table gives is the one application.properties sets.
 */
class ConfigurationDocsTest {
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+) \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theTableListsEverySettingOfTheConfigurationClassWithItsDefault() throws IOException {
        Map<String, String> documented = documented(Files.readString(Path.of("../docs/configuration.md")));
        Set<String> declared = new TreeSet<>();
        settings("tributary", TributaryConfig.class, declared);
        assertTrue(declared.size() > 40, declared.toString());
        Set<String> documentedTributary = new TreeSet<>(documented.keySet());
        documentedTributary.removeIf(k -> !k.startsWith("tributary."));
        Set<String> undocumented = new TreeSet<>(declared);
        undocumented.removeAll(documentedTributary);
        Set<String> unknown = new TreeSet<>(documentedTributary);
        unknown.removeAll(declared);
        assertEquals("", (undocumented.isEmpty() ? "" : "settings the docs lack: " + undocumented + "; ")
                + (unknown.isEmpty() ? "" : "documented settings TributaryConfig lacks: " + unknown));

        Properties defaults = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            defaults.load(in);
        }
        List<String> wrong = new ArrayList<>();
        documented.forEach((setting, dflt) -> {
            String actual = defaults.getProperty(setting);
            Matcher first = CODE.matcher(dflt);
            if (actual != null && first.find()) {
                String shown = first.group(1).replace("<java.io.tmpdir>", "${java.io.tmpdir}");
                if (!shown.equals(actual)) {
                    wrong.add(setting + ": the docs say " + shown + ", application.properties " + actual);
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    /** Setting → its default cell; {@code `a.b.c`, `.d`} documents a.b.c and a.b.d. */
    static Map<String, String> documented(String docs) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(docs);
        while (row.find()) {
            String first = null;
            Matcher names = CODE.matcher(row.group(1));
            while (names.find()) {
                String name = names.group(1);
                if (name.startsWith(".") && first != null) {
                    name = first.substring(0, first.lastIndexOf('.')) + name;
                } else {
                    first = name;
                }
                rows.put(name, row.group(2).trim());
            }
        }
        return rows;
    }

    private static void settings(String prefix, Class<?> group, Set<String> out) {
        for (Method m : group.getDeclaredMethods()) {
            if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String name = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (m.getReturnType().isInterface() && m.getReturnType().getName().startsWith("io.tributary")) {
                settings(name, m.getReturnType(), out);
            } else {
                out.add(name);
            }
        }
    }
}
