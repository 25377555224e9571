package io.tributary.lake;

import io.airlift.compress.Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/**
 * Parquet's page codecs in pure Java, so that writing Parquet needs no Hadoop and no native
 * library (parquet-java's own factory loads Hadoop's codec classes): Snappy and Zstandard from
 * aircompressor, gzip from the JDK, and none. One instance per file writer (codecs keep buffers).
 */
final class ParquetCodecs implements CompressionCodecFactory {

    /** The codecs a spec can name, by their Parquet names. */
    static CompressionCodecName codec(String name) {
        return switch (name) {
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "zstd" -> CompressionCodecName.ZSTD;
            case "gzip" -> CompressionCodecName.GZIP;
            case "none" -> CompressionCodecName.UNCOMPRESSED;
            default -> throw new IllegalArgumentException("'" + name + "' is not one of snappy, zstd, gzip, none");
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Block(codec, null);
            case SNAPPY -> new Block(codec, new SnappyCompressor());
            case ZSTD -> new Block(codec, new ZstdCompressor());
            case GZIP -> new Gzip();
            default -> throw new IllegalArgumentException(codec + " is not one of snappy, zstd, gzip, none");
        };
    }

    /** Tributary writes Parquet only (the query engine reads it). */
    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("Tributary writes Parquet; it does not read it");
    }

    @Override
    public void release() {
    }

    /** A block codec (or none): the page in, its compressed bytes out, in one buffer that grows as pages do. */
    private static final class Block implements BytesInputCompressor {
        private final CompressionCodecName name;
        private final Compressor compressor;
        private byte[] out = new byte[0];

        Block(CompressionCodecName name, Compressor compressor) {
            this.name = name;
            this.compressor = compressor;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            if (compressor == null) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            int max = compressor.maxCompressedLength(in.length);
            if (out.length < max) {
                out = new byte[max];
            }
            int n = compressor.compress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out, 0, n);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return name;
        }

        @Override
        public void release() {
        }
    }

    private static final class Gzip implements BytesInputCompressor {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(64, bytes.size() / 3));
            try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 14)) {
                bytes.writeAllTo(gzip);
            }
            return BytesInput.from(out);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.GZIP;
        }

        @Override
        public void release() {
        }
    }
}
