package io.tributary.format;

import io.tributary.clean.DatasetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file's character set from its first bytes: a byte-order mark, or UTF-16's zero bytes. */
class TextEncodingsTest {

    /** As Excel's "Save as Unicode Text" writes a sheet: UTF-16LE with a byte-order mark, tabs, CRLF. */
    static final String SHEET = "\uFEFFid\tname\tcity\r\n1\tJos\u00e9\tS\u00e3o Paulo\r\n2\t\u5012\u7523\tT\u014dky\u014d\r\n"
            + "1\tJos\u00e9\tS\u00e3o Paulo\r\n";

    @Test
    void byteOrderMarksAndUnmarkedUtf16AreRecognised() {
        assertEquals(StandardCharsets.UTF_16LE, TextEncodings.guess(SHEET.getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(StandardCharsets.UTF_16BE, TextEncodings.guess(SHEET.getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(TextEncodings.UTF_32LE, TextEncodings.guess(SHEET.getBytes(TextEncodings.UTF_32LE)));
        assertEquals(StandardCharsets.UTF_8, TextEncodings.guess(SHEET.getBytes(StandardCharsets.UTF_8)));
        String unmarked = SHEET.substring(1);
        assertEquals(StandardCharsets.UTF_16LE, TextEncodings.guess(unmarked.getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(StandardCharsets.UTF_16BE, TextEncodings.guess(unmarked.getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(StandardCharsets.UTF_8, TextEncodings.guess(unmarked.getBytes(StandardCharsets.UTF_8)));
        assertEquals(StandardCharsets.UTF_8, TextEncodings.guess(unmarked.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(StandardCharsets.UTF_8, TextEncodings.guess(new byte[0]));
    }

    @Test
    void aUnicodeTextExportWithoutASpecIsCleanedAsUtf16AndTheInferredSpecSaysSo(@TempDir Path dir) throws IOException {
        Path raw = dir.resolve("sheet.txt");
        Files.write(raw, SHEET.getBytes(StandardCharsets.UTF_16LE));
        Path out = Files.createDirectories(dir.resolve("out"));
        FileCleaning.Result result = FileCleaning.clean(null, "sheet", "sheet.txt", "t-", raw,
                FileCleaning.Outputs.in(out).withoutItems(), null, rejected -> {
                });
        assertTrue(result.inferred());
        assertTrue(result.inferredYaml().contains("UTF-16LE"), result.inferredYaml());
        assertEquals(List.of("id", "name", "city"), List.copyOf(result.spec().columns().keySet()));
        assertEquals(List.of("id,name,city", "1,Jos\u00e9,S\u00e3o Paulo", "2,\u5012\u7523,T\u014dky\u014d"),
                Files.readAllLines(out.resolve("clean.csv"), StandardCharsets.UTF_8), "one duplicate dropped");
    }

    @Test
    void aByteOrderMarkWinsOverTheSpecsEncoding() throws IOException {
        DatasetSpec spec = DatasetSpec.parse("""
                name: t
                match: t.csv
                format: {type: csv, delimiter: "\\t"}
                """, "t.yaml", "t-");
        byte[] utf16 = SHEET.getBytes(StandardCharsets.UTF_16BE);
        try (var source = RowSources.open(spec.format(), () -> new ByteArrayInputStream(utf16))) {
            assertEquals(List.of("id", "name", "city"), source.columns());
            assertEquals(List.of("1", "Jos\u00e9", "S\u00e3o Paulo"), source.next().fields());
        }
    }

    @Test
    void aByteOrderMarkWinsOverTheSpecsEncodingForJsonToo() throws IOException {
        DatasetSpec spec = DatasetSpec.parse("""
                name: t
                match: t.jsonl
                format: {type: jsonl}
                """, "t.yaml", "t-");
        String lines = "\uFEFF{\"id\": 1, \"name\": \"Jos\u00e9\", \"city\": {\"name\": \"T\u014dky\u014d\"}}\n";
        for (var set : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, TextEncodings.UTF_32LE)) {
            byte[] bytes = lines.getBytes(set);
            try (var source = RowSources.open(spec.format(), () -> new ByteArrayInputStream(bytes))) {
                assertEquals(List.of("id", "name", "city_name"), source.columns(), set.name());
                assertEquals(List.of("1", "Jos\u00e9", "T\u014dky\u014d"), source.next().fields(), set.name());
            }
        }
    }
}
