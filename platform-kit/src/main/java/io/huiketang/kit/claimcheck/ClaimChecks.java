package io.huiketang.kit.claimcheck;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Claim-checks (architecture: "an event carries an object key, size and SHA-256 in the S3 store"):
 * {@link #store} puts a payload under a key the caller chooses, {@link #fetch} reads it back and
 * refuses anything that is not byte for byte what was stored. Keys are deterministic per payload
 * (a request id, a service), so a redelivered event stores the same object again rather than a
 * second one. The client is built on first use: a service that never claim-checks never calls S3.
 */
@ApplicationScoped
public class ClaimChecks {

    private final ClaimCheckConfig config;
    private volatile S3Client client;
    private volatile boolean bucketReady;

    public ClaimChecks(ClaimCheckConfig config) {
        this.config = config;
    }

    /** The store did not answer, or what it returned is not what the claim describes. */
    public static final class ClaimCheckException extends RuntimeException {
        ClaimCheckException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Claim store(String objectKey, byte[] payload, String contentType) {
        try {
            ensureBucket();
            s3().putObject(b -> b.bucket(config.bucket()).key(objectKey).contentType(contentType)
                    .contentLength((long) payload.length), RequestBody.fromBytes(payload));
        } catch (SdkException e) {
            throw new ClaimCheckException("Could not store claim-checked object " + objectKey, e);
        }
        return new Claim(objectKey, payload.length, sha256(payload));
    }

    public byte[] fetch(Claim claim) {
        byte[] payload;
        try {
            payload = s3().getObjectAsBytes(b -> b.bucket(config.bucket()).key(claim.objectKey())).asByteArray();
        } catch (SdkException e) {
            throw new ClaimCheckException("Could not read claim-checked object " + claim.objectKey(), e);
        }
        if (payload.length != claim.size() || !sha256(payload).equals(claim.sha256())) {
            throw new ClaimCheckException("Claim-checked object " + claim.objectKey()
                    + " is not what its claim describes (size or SHA-256 differ)", null);
        }
        return payload;
    }

    /**
     * Streams the claimed object without holding it in memory. The stream fails (an {@link java.io.IOException})
     * at its end when what was read is not byte for byte what the claim describes, so a reader that copies it
     * into an archive never completes a corrupted one.
     */
    public java.io.InputStream open(Claim claim) {
        java.io.InputStream object;
        try {
            object = s3().getObject(b -> b.bucket(config.bucket()).key(claim.objectKey()));
        } catch (SdkException e) {
            throw new ClaimCheckException("Could not read claim-checked object " + claim.objectKey(), e);
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
        return new java.security.DigestInputStream(object, digest) {
            private long read;
            private boolean checked;

            @Override
            public int read() throws java.io.IOException {
                int b = super.read();
                count(b < 0 ? -1 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                int n = super.read(buffer, offset, length);
                count(n);
                return n;
            }

            private void count(int n) throws java.io.IOException {
                if (n >= 0) {
                    read += n;
                    if (read > claim.size()) {
                        throw new java.io.IOException("Claim-checked object " + claim.objectKey() + " is longer than its claim");
                    }
                } else if (!checked) {
                    checked = true;
                    if (read != claim.size() || !HexFormat.of().formatHex(digest.digest()).equals(claim.sha256())) {
                        throw new java.io.IOException("Claim-checked object " + claim.objectKey()
                                + " is not what its claim describes (size or SHA-256 differ)");
                    }
                }
            }
        };
    }

    /** Deletes every object under {@code prefix}; returns how many. */
    public int deleteUnder(String prefix) {
        return deleteOlderThan(prefix, "", Instant.MAX);
    }

    public void delete(String objectKey) {
        try {
            s3().deleteObject(b -> b.bucket(config.bucket()).key(objectKey));
        } catch (SdkException e) {
            throw new ClaimCheckException("Could not delete claim-checked object " + objectKey, e);
        }
    }

    /**
     * Deletes the objects under {@code prefix} whose key ends with {@code suffix} and that were
     * stored before {@code cutoff}; returns how many.
     */
    public int deleteOlderThan(String prefix, String suffix, Instant cutoff) {
        int deleted = 0;
        try {
            ensureBucket();
            for (S3Object object : s3().listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(prefix))
                    .contents()) {
                if (object.key().endsWith(suffix) && object.lastModified().isBefore(cutoff)) {
                    delete(object.key());
                    deleted++;
                }
            }
        } catch (SdkException e) {
            throw new ClaimCheckException("Could not purge claim-checked objects under " + prefix, e);
        }
        return deleted;
    }

    public static String sha256(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private void ensureBucket() {
        if (bucketReady) {
            return;
        }
        try {
            s3().headBucket(b -> b.bucket(config.bucket()));
        } catch (NoSuchBucketException e) {
            createBucket();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            createBucket();
        }
        bucketReady = true;
    }

    private void createBucket() {
        try {
            s3().createBucket(b -> b.bucket(config.bucket()));
        } catch (S3Exception e) {
            // Another replica created it first
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    private S3Client s3() {
        S3Client current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = S3Client.builder()
                            .endpointOverride(URI.create(config.endpoint()))
                            .region(Region.of(config.region()))
                            .credentialsProvider(StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
                            .forcePathStyle(true)
                            .httpClient(UrlConnectionHttpClient.create())
                            .build();
                }
                current = client;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
