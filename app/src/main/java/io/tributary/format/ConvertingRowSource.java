package io.tributary.format;

import io.tributary.clean.FieldConversion;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Converts the text records of a reader that does not convert itself (JSON, the CSV reader for
 * other encodings), on the thread that reads them: every record with the header's width whose
 * fields all convert is handed on as values ({@link FieldConversion#convertAll}).
 */
final class ConvertingRowSource implements RowSource {

    private final RowSource source;
    private final FieldConversion conversion;
    private final Set<Integer> wanted;

    ConvertingRowSource(RowSource source, FieldConversion conversion, Set<Integer> wanted) {
        this.source = source;
        this.conversion = conversion;
        this.wanted = wanted;
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public SourceRecord next() {
        return FieldConversion.convertAll(conversion, source.next(), source.columns().size(),
                i -> wanted == null || wanted.contains(i));
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
