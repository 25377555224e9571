package io.tributary.format;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.tributary.clean.SourceRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/**
 * Streams a CSV file (RFC 4180: quoted fields may hold delimiters and newlines). Records with a
 * wrong field count are passed on as they are, for the cleaner to reject with their line number.
 * A byte-order mark is skipped. A quote left open swallows the rest of the file; that is reported as one broken record at the
 * line it starts on and reading stops there, keeping every good row before it.
 */
public final class CsvRowSource extends CsvRecords {

    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
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
        readHeader(header);
    }

    @Override
    protected long failureLine() {
        return lastLine + 1;
    }

    @Override
    protected SourceRecord read() {
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
