package io.huiketang.meeting.telemetry;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.crypto.SensitiveFields;

/**
 * De-identifies device identifiers: each is normalised (one device, one form, however the client
 * wrote it) and replaced by its keyed hash. The raw value is never stored, logged or returned.
 */
@ApplicationScoped
public class DeviceIds {

    static final String IMEI = "[0-9]{14,16}";
    static final String MAC = "[0-9A-Fa-f]{2}([:-]?[0-9A-Fa-f]{2}){5}";
    static final String ANDROID_ID = "[0-9A-Fa-f]{16}";

    private final SensitiveFields sensitiveFields;

    DeviceIds(SensitiveFields sensitiveFields) {
        this.sensitiveFields = sensitiveFields;
    }

    public String imeiHash(String imei) {
        return imei == null ? null : sensitiveFields.lookupHash(imei);
    }

    /** {@code AA:BB:CC:DD:EE:FF}, {@code aa-bb-cc-dd-ee-ff} and {@code aabbccddeeff} are one device. */
    public String macHash(String mac) {
        return mac == null ? null : sensitiveFields.lookupHash(normalisedMac(mac));
    }

    public String androidIdHash(String androidId) {
        return androidId == null ? null : sensitiveFields.lookupHash(androidId.toLowerCase(Locale.ROOT));
    }

    static String normalisedMac(String mac) {
        return mac.replace(":", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}
