package io.tributary.lake;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.JsonValue;
import io.tributary.clean.RowSink;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes clean rows as typed Parquet into a local folder, one file per Hive-style partition
 * ({@code hotel=City Hotel/arrival_date_year=2016/<stem>.parquet}); the partition columns are
 * in the folder names, not in the files. Memory stays bounded whatever the file's size: the
 * buffered row groups of all open files together stay under {@link Options#memoryBytes()} (the
 * file holding most is finished, and the partition's next rows go to a file of its own,
 * {@code <stem>-2.parquet}). A file whose rows fall into more than {@link Options#maxPartitions()}
 * partitions fails ({@link TooManyPartitions}).
 *
 * <p>Types as every engine of the lake reads them: int → INT32, long → INT64, decimal(p,s) →
 * DECIMAL(p,s) in a fixed-length byte array, double, boolean, date → DATE, timestamp → INT64
 * TIMESTAMP(MILLIS, UTC-adjusted), string and json → STRING.
 */
public final class ParquetPartitionWriter implements RowSink {

    /** How often (in rows) the memory of the open files is added up. */
    private static final int MEMORY_CHECK_ROWS = 4096;

    /**
     * @param codec        snappy, zstd, gzip or none
     * @param rowGroupBytes the size a row group is cut at
     * @param maxPartitions how many partitions one raw file may write
     * @param memoryBytes  how much the open files may buffer together
     */
    public record Options(List<String> partitionBy, String codec, long rowGroupBytes, int maxPartitions,
                          long memoryBytes) {
    }

    /** One file written: its path under the folder (partition folders and name), its partition and rows. */
    public record Written(String path, Map<String, String> partition, long rows) {
    }

    /** The rows of one raw file fall into more partitions than the cap allows. */
    public static final class TooManyPartitions extends RuntimeException {
        TooManyPartitions(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final String stem;
    private final Options options;
    private final Function<String, DatasetSpec.Decimal> decimals;
    private final Map<String, Partition> partitions = new LinkedHashMap<>();
    private final List<Written> written = new ArrayList<>();
    private int[] partitionColumns;
    private String[] partitionNames;
    private RowWriteSupport.Layout layout;
    private long rows;
    private final StringBuilder key = new StringBuilder();
    private final Object[] partitionValues;

    /** A partition: its folder, its values, its open file (null between files) and how many files it had. */
    private final class Partition {
        final String folder;
        final Map<String, String> values;
        ParquetWriter<Object[]> writer;
        CountingFile file;
        String path;
        long fileRows;
        int files;

        Partition(String folder, Map<String, String> values) {
            this.folder = folder;
            this.values = values;
        }

        void write(Object[] row) throws IOException {
            if (writer == null) {
                files++;
                path = folder + stem + (files == 1 ? "" : "-" + files) + ".parquet";
                Path target = dir.resolve(path);
                Files.createDirectories(target.getParent());
                file = new CountingFile(target);
                writer = new Builder(file, new RowWriteSupport(layout))
                        .withConf(new PlainParquetConfiguration())
                        .withCodecFactory(new ParquetCodecs())
                        .withCompressionCodec(ParquetCodecs.codec(options.codec()))
                        .withRowGroupSize(options.rowGroupBytes())
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                        .build();
                fileRows = 0;
            }
            writer.write(row);
            fileRows++;
        }

        long buffered() throws IOException {
            return writer == null ? 0 : Math.max(0, writer.getDataSize() - file.position);
        }

        void finish() throws IOException {
            if (writer != null) {
                writer.close();
                writer = null;
                written.add(new Written(path, values, fileRows));
            }
        }
    }

    /**
     * @param dir      the local folder the partition folders and files go into
     * @param stem     the files' name without {@code .parquet}
     * @param decimals the precision and scale of a decimal output column
     */
    private List<String> columns = List.of();
    private List<ColumnType> types = List.of();

    public ParquetPartitionWriter(Path dir, String stem, Options options,
                                  Function<String, DatasetSpec.Decimal> decimals) {
        this.dir = dir;
        this.stem = stem;
        this.options = options;
        this.decimals = decimals;
        this.partitionValues = new Object[options.partitionBy().size()];
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) throws IOException {
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
        Files.createDirectories(dir);
        List<String> partitionBy = options.partitionBy();
        partitionColumns = new int[partitionBy.size()];
        partitionNames = new String[partitionBy.size()];
        for (int p = 0; p < partitionBy.size(); p++) {
            int at = columns.indexOf(partitionBy.get(p));
            if (at < 0) {
                throw new IllegalArgumentException("partition column '" + partitionBy.get(p)
                        + "' is not an output column (output columns: " + String.join(", ", columns) + ")");
            }
            partitionColumns[p] = at;
            partitionNames[p] = HivePartitions.escape(partitionBy.get(p));
        }
        layout = RowWriteSupport.Layout.of(columns, types, partitionBy, decimals);
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        Partition partition = partitionOf(row);
        partition.write(row);
        if (++rows % MEMORY_CHECK_ROWS == 0) {
            boundMemory();
        }
    }

    private Partition partitionOf(Object[] row) {
        if (partitionColumns.length == 0) {
            return partitions.computeIfAbsent("", k -> new Partition("", Map.of()));
        }
        key.setLength(0);
        for (int p = 0; p < partitionColumns.length; p++) {
            Object value = row[partitionColumns[p]];
            partitionValues[p] = value;
            key.append(partitionNames[p]).append('=').append(HivePartitions.escapedValue(value)).append('/');
        }
        String folder = key.toString();
        Partition partition = partitions.get(folder);
        if (partition == null) {
            if (partitions.size() >= options.maxPartitions()) {
                throw new TooManyPartitions(tooMany());
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int p = 0; p < partitionColumns.length; p++) {
                String text = HivePartitions.text(partitionValues[p]);
                values.put(options.partitionBy().get(p), text == null || text.isEmpty() ? null : text);
            }
            partition = new Partition(folder, values);
            partitions.put(folder, partition);
        }
        return partition;
    }

    private String tooMany() {
        List<String> counts = new ArrayList<>();
        for (int p = 0; p < partitionColumns.length; p++) {
            int column = p;
            long distinct = partitions.values().stream()
                    .map(x -> new ArrayList<>(x.values.values()).get(column)).distinct().count();
            counts.add(options.partitionBy().get(p) + " (" + distinct + " values so far)");
        }
        return String.format(Locale.ROOT, "partitioning by %s makes more than %d partitions in one file (the cap,"
                        + " output.parquet.max_partitions): choose coarser partition columns or raise the cap",
                String.join(", ", counts), options.maxPartitions());
    }

    /** Finishes the file buffering most while all together buffer more than the budget. */
    private void boundMemory() throws IOException {
        while (true) {
            long total = 0;
            Partition largest = null;
            long most = -1;
            for (Partition p : partitions.values()) {
                long b = p.buffered();
                total += b;
                if (b > most) {
                    most = b;
                    largest = p;
                }
            }
            if (total <= options.memoryBytes() || largest == null || most <= 0) {
                return;
            }
            largest.finish();
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Partition p : partitions.values()) {
            try {
                p.finish();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The files written, once closed, in the order they were finished. */
    /** The output columns and their types, as the clean started the writer with them. */
    public List<String> columns() {
        return columns;
    }

    public List<ColumnType> types() {
        return types;
    }

    public List<Written> written() {
        return List.copyOf(written);
    }

    /** parquet-java's writer of our rows, configured without Hadoop. */
    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final RowWriteSupport support;

        Builder(OutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }

    /** A local file that knows how many bytes went into it (what a writer holds is the rest of its data size). */
    private static final class CountingFile implements OutputFile {
        private final Path path;
        long position;

        CountingFile(Path path) {
            this.path = path;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            position = 0;
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return path.toString();
        }
    }

    /** Turns one clean row into a Parquet record: each non-missing value of a data column, by its type. */
    static final class RowWriteSupport extends WriteSupport<Object[]> {

        /** The file schema and, per field, the row index, type and decimal layout it is written from. */
        record Layout(MessageType schema, int[] from, ColumnType[] types, String[] names, int[] scales,
                      int[] byteLengths) {

            static Layout of(List<String> columns, List<ColumnType> types, List<String> partitionBy,
                             Function<String, DatasetSpec.Decimal> decimals) {
                List<Type> fields = new ArrayList<>();
                List<Integer> from = new ArrayList<>();
                for (int c = 0; c < columns.size(); c++) {
                    if (!partitionBy.contains(columns.get(c))) {
                        from.add(c);
                    }
                }
                int n = from.size();
                int[] index = new int[n];
                ColumnType[] fieldTypes = new ColumnType[n];
                String[] names = new String[n];
                int[] scales = new int[n];
                int[] lengths = new int[n];
                for (int f = 0; f < n; f++) {
                    int c = from.get(f);
                    index[f] = c;
                    names[f] = columns.get(c);
                    fieldTypes[f] = types.get(c) == null ? ColumnType.STRING : types.get(c);
                    Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> field = switch (fieldTypes[f]) {
                        case STRING, JSON -> Types.optional(PrimitiveTypeName.BINARY)
                                .as(LogicalTypeAnnotation.stringType());
                        case INT -> Types.optional(PrimitiveTypeName.INT32);
                        case LONG -> Types.optional(PrimitiveTypeName.INT64);
                        case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE);
                        case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN);
                        case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType());
                        case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
                                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
                        case DECIMAL -> {
                            DatasetSpec.Decimal d = decimals.apply(names[f]);
                            scales[f] = d.scale();
                            lengths[f] = bytesFor(d.precision());
                            yield Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(lengths[f])
                                    .as(LogicalTypeAnnotation.decimalType(d.scale(), d.precision()));
                        }
                    };
                    fields.add(field.named(names[f]));
                }
                return new Layout(new MessageType("row", fields), index, fieldTypes, names, scales, lengths);
            }

            /** The fewest bytes whose two's complement holds every unscaled value of this precision. */
            static int bytesFor(int precision) {
                BigInteger max = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
                return max.bitLength() / 8 + 1;
            }
        }

        private final Layout layout;
        private RecordConsumer consumer;

        RowWriteSupport(Layout layout) {
            this.layout = layout;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(layout.schema(), Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(layout.schema(), Map.of());
        }

        @Override
        public String getName() {
            return "tributary";
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            consumer.startMessage();
            int[] from = layout.from();
            for (int f = 0; f < from.length; f++) {
                Object v = row[from[f]];
                if (v == null) {
                    continue;
                }
                String name = layout.names()[f];
                consumer.startField(name, f);
                switch (layout.types()[f]) {
                    case STRING -> consumer.addBinary(Binary.fromString((String) v));
                    case JSON -> consumer.addBinary(Binary.fromString(((JsonValue) v).json()));
                    case INT -> consumer.addInteger((Integer) v);
                    case LONG -> consumer.addLong((Long) v);
                    case DOUBLE -> consumer.addDouble((Double) v);
                    case BOOLEAN -> consumer.addBoolean((Boolean) v);
                    case DATE -> consumer.addInteger((int) ((LocalDate) v).toEpochDay());
                    case TIMESTAMP -> consumer.addLong(((Instant) v).toEpochMilli());
                    case DECIMAL -> consumer.addBinary(Binary.fromConstantByteArray(
                            unscaled((BigDecimal) v, layout.scales()[f], layout.byteLengths()[f])));
                }
                consumer.endField(name, f);
            }
            consumer.endMessage();
        }

        /** A decimal's unscaled value at the column's scale, big-endian two's complement in {@code length} bytes. */
        static byte[] unscaled(BigDecimal value, int scale, int length) {
            byte[] bytes = value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().toByteArray();
            if (bytes.length == length) {
                return bytes;
            }
            if (bytes.length > length) {
                throw new ArithmeticException(value.toPlainString() + " does not fit the column's precision");
            }
            byte[] out = new byte[length];
            byte fill = bytes[0] < 0 ? (byte) 0xFF : 0;
            for (int i = 0; i < length - bytes.length; i++) {
                out[i] = fill;
            }
            System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
            return out;
        }
    }
}
