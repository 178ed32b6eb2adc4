package io.huiketang.kit.datamap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads data maps: a service's {@code data-map.yaml} at the root of its classpath, merged with
 * platform-kit's own tables ({@value #SHARED}: outbox, inbox, Flyway's history), so every service
 * declares those once.
 */
public final class DataMaps {

    /** A service's map, at the root of its resources. */
    public static final String SERVICE = "data-map.yaml";
    /** platform-kit's tables, present in every service database. */
    public static final String SHARED = "META-INF/huiketang/data-map/platform-kit.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DataMaps() {
    }

    /** The service's map merged with platform-kit's, or empty when the service has none. */
    public static Optional<DataMap> ofService() {
        DataMap service = readResource(SERVICE);
        return service == null ? Optional.empty() : Optional.of(service.withShared(shared()));
    }

    /** platform-kit's own tables. */
    public static DataMap shared() {
        DataMap shared = readResource(SHARED);
        if (shared == null) {
            throw new IllegalStateException(SHARED + " is missing from platform-kit");
        }
        return shared;
    }

    public static DataMap read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the data map " + file, e);
        }
    }

    public static DataMap read(InputStream in, String name) {
        try {
            return YAML.readValue(in, DataMap.class);
        } catch (IOException e) {
            throw new IllegalStateException("The data map " + name + " is not valid: " + e.getMessage(), e);
        }
    }

    private static DataMap readResource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = DataMaps.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : read(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
