package io.tributary.format;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RejectedRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bytes a decoder would hide: NUL (not text) and sequences that are not UTF-8 (silent U+FFFD). */
class EncodingScanTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomText() throws IOException {
        Random random = new Random(7);
        String[] pieces = {"a", "b,c\n", "é", "ß", "€", "日本", "😀", "\uFFFD", "\r\n", "  "};
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int size = random.nextInt(150_000);
            while (text.length() < size) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            long inserted = -1;
            if (round % 2 == 1 && bytes.length > 0) {
                // one byte that is never UTF-8, or a multi-byte character cut short
                int at = random.nextInt(bytes.length);
                while (at > 0 && (bytes[at] & 0xC0) == 0x80) {
                    at--;
                }
                bytes[at] = (byte) (round % 4 == 1 ? 0xFF : 0xE2);
                if (round % 4 == 3 && at + 1 < bytes.length) {
                    bytes[at + 1] = 'x';
                }
                inserted = at;
            }
            EncodingScan.Result scan = EncodingScan.scan(write("r.txt", bytes));
            assertEquals(strictlyUtf8(bytes), scan.validUtf8(), "round " + round);
            if (!scan.validUtf8()) {
                assertEquals(inserted, scan.invalid().get(0).offset(), "round " + round);
                long line = 1;
                for (int i = 0; i < inserted; i++) {
                    line += bytes[i] == '\n' ? 1 : 0;
                }
                assertEquals(line, scan.invalid().get(0).line(), "round " + round);
            }
            assertEquals(-1, scan.firstNul());
            assertEquals(text.indexOf("\uFFFD") >= 0 && scan.validUtf8(), scan.replacement() && scan.validUtf8());
        }
    }

    private static boolean strictlyUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void binaryDataIsRefusedNamingTheOffsetOfItsFirstNul() throws IOException {
        byte[] bytes = new byte[200_000];
        new Random(1).nextBytes(bytes);
        int firstNul = 0;
        while (bytes[firstNul] != 0) {
            firstNul++;
        }
        Path raw = write("binary.csv", bytes);
        FileCleaning.NotText e = assertThrows(FileCleaning.NotText.class, () -> FileCleaning.clean(null, "binary",
                "binary.csv", "t-", raw, FileCleaning.Outputs.in(dir).withoutItems(), null, r -> {
                }));
        assertEquals("binary.csv is not text: a NUL byte at offset " + firstNul
                + " (binary data?); nothing was cleaned or loaded", e.getMessage());
    }

    @Test
    void aLatin1FileWithoutASpecIsReadAsWindows1252AndTheReportSaysSo() throws IOException {
        Path raw = write("latin1.csv", "id,city\n1,Málaga\n2,Zürich €\n".getBytes("windows-1252"));
        Path out = Files.createDirectories(dir.resolve("out"));
        FileCleaning.Result result = FileCleaning.clean(null, "latin1", "latin1.csv", "t-", raw,
                FileCleaning.Outputs.in(out).withoutItems(), null, r -> {
                });
        assertEquals(List.of("id,city", "1,Málaga", "2,Zürich €"), Files.readAllLines(out.resolve("clean.csv")));
        assertTrue(result.inferredYaml().contains("encoding: windows-1252"), result.inferredYaml());
        assertEquals(List.of("the file is not UTF-8 (3 bytes are not, the first at offset 11 on line 2): it was read"
                + " as windows-1252"), result.notes());
        FileCleaning.writeReport(out.resolve("r.json"), java.util.Map.of(), result);
        String report = Files.readString(out.resolve("r.json"));
        assertTrue(report.contains("\"encoding\" : \"windows-1252\""), report);
    }

    @Test
    void bytesUndefinedInWindows1252AreReadAsIso88591() throws IOException {
        Path raw = write("odd.csv", new byte[]{'a', '\n', 'x', (byte) 0x81, 'y', '\n'});
        Path out = Files.createDirectories(dir.resolve("out"));
        FileCleaning.Result result = FileCleaning.clean(null, "odd", "odd.csv", "t-", raw,
                FileCleaning.Outputs.in(out).withoutItems(), null, r -> {
                });
        assertTrue(result.inferredYaml().contains("encoding: ISO-8859-1"), result.inferredYaml());
        assertFalse(Files.readString(out.resolve("clean.jsonl")).contains("\uFFFD"));
    }

    @Test
    void aDeclaredUtf8FileRejectsTheRowsItsBytesDoNotFitAndKeepsTheOthers() throws IOException {
        DatasetSpec spec = DatasetSpec.parse("""
                name: t
                match: t.csv
                columns: {id: int}
                """, "t.yaml", "t-");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("id,city\n1,Málaga\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("2,Málaga\n".getBytes(StandardCharsets.ISO_8859_1)); // 0xE1 at offset 21
        bytes.writeBytes("3,Zürich\n".getBytes(StandardCharsets.UTF_8));
        Path raw = write("t.csv", bytes.toByteArray());
        Path out = Files.createDirectories(dir.resolve("out"));
        List<RejectedRow> rejected = new ArrayList<>();
        FileCleaning.Result result = FileCleaning.clean(spec, "t", "t.csv", "t-", raw,
                FileCleaning.Outputs.in(out).withoutItems(), null, rejected::add);
        assertEquals(List.of("id,city", "1,Málaga", "3,Zürich"), Files.readAllLines(out.resolve("clean.csv")));
        assertFalse(Files.readString(out.resolve("clean.jsonl")).contains("\uFFFD"));
        assertEquals(1, rejected.size());
        assertEquals(3, rejected.get(0).line());
        assertEquals("encoding", rejected.get(0).rule());
        assertEquals("bytes at offset 21 (line 3) are not valid UTF-8 (the file's character set): the row is set"
                + " aside rather than changed", rejected.get(0).reason());
        assertEquals(2, result.report().summary().rowsOut());
        assertEquals("2,M\\xE1laga", rejected.get(0).record(), "the line as it is, its odd byte shown, not U+FFFD");
        assertFalse(Files.readString(out.resolve("rejected.csv")).contains("\uFFFD"));
    }
}
