package io.huiketang.account.verification;

/**
 * Who asks for a code, for the limits per client address and per device.
 *
 * @param address  the client's address (behind the gateway, from {@code X-Forwarded-For})
 * @param deviceId the installation id the client app sends, or null; only its keyed hash is kept
 */
public record CodeRequester(String address, String deviceId) {

    /** What a device id may look like: an app installation id or UUID, never free text. */
    public static final String DEVICE_ID = "[A-Za-z0-9._:-]{8,128}";

    public static CodeRequester fromAddress(String address) {
        return new CodeRequester(address, null);
    }
}
