package io.huiketang.recording.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.recording.RecordingsConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 store of cloud recordings (REC-3), built as platform-kit's claim-checks build theirs (AWS SDK v2,
 * URL-connection client, path-style requests against the configured endpoint). Each file lives under its
 * owner's prefix, {@code recordings/<ownerId>/}; links are presigned GETs that expire.
 */
@ApplicationScoped
public class RecordingStorage {

    public static final String PREFIX = "recordings/";

    private final RecordingsConfig.Storage config;
    private volatile S3Client client;
    private volatile S3Presigner presigner;
    private volatile boolean bucketReady;

    RecordingStorage(RecordingsConfig config) {
        this.config = config.storage();
    }

    public String bucket() {
        return config.bucket();
    }

    /** Where an owner's files must be. */
    public static String ownerPrefix(UUID ownerId) {
        return PREFIX + ownerId + "/";
    }

    /** The object's size, or empty when it is not there. */
    public Optional<Long> sizeOf(String key) {
        try {
            ensureBucket();
            HeadObjectResponse head = s3().headObject(b -> b.bucket(config.bucket()).key(key));
            return Optional.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void put(String key, byte[] content, String contentType) {
        ensureBucket();
        s3().putObject(b -> b.bucket(config.bucket()).key(key).contentType(contentType),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
    }

    /** Deletes the object; deleting one that is gone already is no error. */
    public void delete(String key) {
        ensureBucket();
        s3().deleteObject(b -> b.bucket(config.bucket()).key(key));
    }

    /** A GET link valid for the configured lifetime, naming the file as an attachment. */
    public URI downloadLink(String key, String fileName) {
        Duration lifetime = config.downloadLinkLifetime();
        return URI.create(presigner().presignGetObject(p -> p.signatureDuration(lifetime)
                .getObjectRequest(g -> g.bucket(config.bucket()).key(key)
                        .responseContentDisposition("attachment; filename=\"" + fileName + "\"")))
                .url().toString());
    }

    public Duration linkLifetime() {
        return config.downloadLinkLifetime();
    }

    private void ensureBucket() {
        if (bucketReady) {
            return;
        }
        try {
            s3().headBucket(b -> b.bucket(config.bucket()));
        } catch (NoSuchBucketException e) {
            s3().createBucket(b -> b.bucket(config.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3().createBucket(b -> b.bucket(config.bucket()));
        }
        bucketReady = true;
    }

    private S3Client s3() {
        S3Client current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = S3Client.builder().endpointOverride(URI.create(config.endpoint()))
                            .region(Region.of(config.region())).credentialsProvider(credentials())
                            .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
                }
                current = client;
            }
        }
        return current;
    }

    private S3Presigner presigner() {
        S3Presigner current = presigner;
        if (current == null) {
            synchronized (this) {
                if (presigner == null) {
                    presigner = S3Presigner.builder().endpointOverride(URI.create(config.endpoint()))
                            .region(Region.of(config.region())).credentialsProvider(credentials())
                            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                            .build();
                }
                current = presigner;
            }
        }
        return current;
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
        if (presigner != null) {
            presigner.close();
        }
    }
}
