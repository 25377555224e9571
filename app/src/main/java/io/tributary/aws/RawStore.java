package io.tributary.aws;

import io.tributary.TributaryConfig;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
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
        }
    }

    public String put(String key, Path file, String contentType) {
        return s3.putObject(p -> p.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file))
                .eTag();
    }

    public String put(String key, byte[] data, String contentType) {
        return s3.putObject(p -> p.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(data))
                .eTag();
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
