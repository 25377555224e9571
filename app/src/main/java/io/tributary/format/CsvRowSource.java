package io.tributary.format;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams a CSV file (RFC 4180: quoted fields may hold delimiters and newlines). Records with a
 * wrong field count are passed on as they are, for the cleaner to reject with their line number.
 * A byte-order mark is skipped. A quote left open swallows the rest of the file; that is reported as one broken record at the
 * line it starts on and reading stops there, keeping every good row before it.
 */
public final class CsvRowSource implements RowSource {

    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private final List<String> columns;
    private SourceRecord next;
    private boolean finished;
    private long lastLine;

    public CsvRowSource(InputStream in, char delimiter, char quote, boolean header, Charset encoding)
            throws IOException {
        this.reader = CsvReader.builder()
                .fieldSeparator(delimiter)
                .quoteCharacter(quote)
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .detectBomHeader(true)
                .ofCsvRecord(in, encoding);
        this.records = reader.iterator();
        SourceRecord first = read();
        if (first == null) {
            columns = List.of();
        } else if (header) {
            if (first.error() != null) {
                throw new IOException("cannot read the header (line 1): " + first.error());
            }
            columns = first.fields().stream().map(String::trim).toList();
        } else {
            List<String> generated = new ArrayList<>();
            for (int i = 1; i <= first.fields().size(); i++) {
                generated.add("column_" + i);
            }
            columns = List.copyOf(generated);
            next = first;
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !finished) {
            next = read();
        }
        return next != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord record = next;
        next = null;
        return record;
    }

    private SourceRecord read() {
        if (finished) {
            return null;
        }
        try {
            if (!records.hasNext()) {
                finished = true;
                return null;
            }
            CsvRecord record = records.next();
            lastLine = record.getStartingLineNumber();
            return SourceRecord.of(lastLine, record.getFields());
        } catch (CsvParseException | UncheckedIOException e) {
            finished = true;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return SourceRecord.broken(lastLine + 1, "unreadable CSV from here to the end of the file: "
                    + cause.getMessage(), null);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
