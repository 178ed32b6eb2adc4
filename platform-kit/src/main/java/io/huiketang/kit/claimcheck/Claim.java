package io.huiketang.kit.claimcheck;

/**
 * What an event carries in place of a payload that may outgrow a Kafka record: where the payload
 * lies in the S3 store, how long it is and its SHA-256 (lower-case hex), so the reader can tell it
 * got exactly what the writer stored.
 */
public record Claim(String objectKey, long size, String sha256) {
}
