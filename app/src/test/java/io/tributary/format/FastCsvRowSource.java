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
 * The records FastCSV reads from a CSV file, as a row source: the independent reader the byte
 * reader's tests compare it with (Tributary itself reads with {@link ByteCsvRowSource}).
 */
final class FastCsvRowSource extends CsvRecords {

    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private boolean finished;
    private long lastLine;

    FastCsvRowSource(InputStream in, char delimiter, char quote, boolean header, Charset encoding)
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
