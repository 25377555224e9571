package io.tributary.aws;

import io.tributary.TributaryConfig;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tributary's bucket: raw uploads with their metadata, listing raw/, spooling objects in and out. */
@Singleton
public class RawStore {

    public static final String META_ORIGINAL_NAME = "original-name";
    public static final String META_SHA256 = "sha256";
    public static final String META_SIZE = "size";

    private final S3Client s3;
    private final String bucket;

    public RawStore(S3Client s3, TributaryConfig config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    public String bucket() {
        return bucket;
    }

    /**
     * A file name as the last segment of an S3 key: as it is (accents, CJK, emoji, spaces, {@code #},
     * {@code +}, {@code %}, {@code &} all stay), but control characters, which a key should never hold,
     * become {@code _}, as does a lone surrogate (not valid UTF-8).
     */
    public static String keyName(String name) {
        StringBuilder key = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                key.append(c).append(name.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                key.append('_');
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    /**
     * A metadata value as S3 can carry it: user metadata travels in HTTP headers, which hold US-ASCII
     * only (on AWS too), so every byte of the UTF-8 text outside printable ASCII, and {@code %}
     * itself, is percent-encoded ({@code données.csv} → {@code donn%C3%A9es.csv}); a plain ASCII name
     * stays as it is. {@link #decodeMetadata} turns it back.
     */
    public static String encodeMetadata(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** The text {@link #encodeMetadata} encoded. */
    public static String decodeMetadata(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
                    && Character.digit(value.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(value.charAt(i + 1), 16) << 4 | Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The name of the file a raw object was ingested from (its {@code original-name} metadata, decoded), or null. */
    public static String originalName(HeadObjectResponse head) {
        return decodeMetadata(head.metadata().get(META_ORIGINAL_NAME));
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Stores a file under {@code key} only if nothing is there yet (If-None-Match: *), so an
     * existing raw object is never overwritten.
     *
     * @return the new object's ETag, or empty when the key was taken
     */
    public Optional<String> putIfAbsent(String key, Path file, Map<String, String> metadata, String contentType) {
        try {
            return Optional.of(s3.putObject(p -> p.bucket(bucket).key(key).metadata(metadata).contentType(contentType)
                    .ifNoneMatch("*"), RequestBody.fromFile(file)).eTag());
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return Optional.empty();
            }
            throw e;
        } catch (SdkClientException e) {
            // the answer was lost, not necessarily the write: an attempt that stored the object and
            // whose answer was cut makes the SDK's next attempts meet their own object (a 412 that
            // the server sends before it reads the body, seen as "Error writing request body")
            String sha256 = metadata.get(META_SHA256);
            Optional<HeadObjectResponse> there = head(key);
            if (sha256 != null && there.isPresent() && sha256.equals(there.get().metadata().get(META_SHA256))) {
                return Optional.of(there.get().eTag());
            }
            throw e;
        }
    }

    public String put(String key, Path file, String contentType) {
        return putWithMetadata(key, file, Map.of(), contentType);
    }

    /** Stores a file with user metadata (values as {@link #encodeMetadata} makes them). */
    public String putWithMetadata(String key, Path file, Map<String, String> metadata, String contentType) {
        return s3.putObject(p -> p.bucket(bucket).key(key).metadata(metadata).contentType(contentType),
                RequestBody.fromFile(file)).eTag();
    }

    public String put(String key, byte[] data, String contentType) {
        return s3.putObject(p -> p.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(data))
                .eTag();
    }

    /** The object's text (UTF-8); empty when there is no such object. */
    public Optional<String> readText(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asUtf8String());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Deletes an object; deleting one that does not exist is not an error. */
    public void delete(String key) {
        s3.deleteObject(d -> d.bucket(bucket).key(key));
    }

    public Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(h -> h.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every object under a prefix, in key order. */
    public List<S3Object> list(String prefix) {
        List<S3Object> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
        return objects;
    }

    public void download(String key, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(partial);
        s3.getObject(g -> g.bucket(bucket).key(key), ResponseTransformer.toFile(partial));
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
