/*
 * Small admin jobs of the local stack (dev/stack), in one file so that no psql, kafka-topics.sh,
 * unzip or xz needs to be installed: only a JDK. Run as a single-file source program:
 *
 *   java -cp '.stack/artifacts/admin/*' dev/tools/StackAdmin.java <subcommand> [args]
 *
 * Subcommands:
 *   pg-setup ROLE=DB[,DB...] ...    create (or fix) login roles and their databases, idempotently.
 *                                   The password of each role is its name. Connects with
 *                                   HUIKETANG_PG_HOST/PORT/ADMIN_USER/ADMIN_PASSWORD.
 *   pg-empty DB...                  drop and recreate the public schema of each database (owned by
 *                                   the database's owner): the services migrate it afresh.
 *   kafka-topics FILE               create missing topics from FILE (lines "name partitions
 *                                   key=value,..."), raise partition counts and set configs of
 *                                   existing ones. Connects to HUIKETANG_KAFKA_BOOTSTRAP.
 *   keycloak-realms URL FILE...     create each realm of FILE (a realm export, as --import-realm takes
 *                                   it) in the running Keycloak at URL through its admin REST API,
 *                                   idempotently: a missing realm is created, one created here earlier
 *                                   from a different file is deleted and created again, one imported
 *                                   otherwise (at start-up) is left alone. Logs in to the master realm
 *                                   as HUIKETANG_KEYCLOAK_ADMIN_USER/PASSWORD (admin/admin).
 *   unzip ZIP DEST [ENTRY...]       extract a zip/jar (or only the named entries); files starting
 *                                   with "#!" or an ELF header become executable.
 *   xzcat FILE                      decompress an .xz file to standard output (needs org.tukaani:xz).
 */

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

public class StackAdmin {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "pg-setup" -> pgSetup(rest);
            case "pg-empty" -> pgEmpty(rest);
            case "kafka-topics" -> kafkaTopics(rest);
            case "keycloak-realms" -> keycloakRealms(rest);
            case "unzip" -> unzip(rest);
            case "xzcat" -> xzcat(rest);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: StackAdmin pg-setup ROLE=DB[,DB...]... | pg-empty DB... | kafka-topics FILE"
                + " | keycloak-realms URL FILE... | unzip ZIP DEST [ENTRY...] | xzcat FILE");
        System.exit(2);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void fail(String message) {
        System.err.println("StackAdmin: " + message);
        System.exit(1);
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static void pgSetup(String[] specs) throws Exception {
        String host = env("HUIKETANG_PG_HOST", "127.0.0.1");
        String port = env("HUIKETANG_PG_PORT", "5432");
        String user = env("HUIKETANG_PG_ADMIN_USER", "postgres");
        String password = env("HUIKETANG_PG_ADMIN_PASSWORD", "postgres");
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres?connectTimeout=5";

        Map<String, List<String>> databasesByRole = new LinkedHashMap<>();
        for (String spec : specs) {
            String[] parts = spec.split("=", 2);
            if (parts.length != 2) {
                fail("bad spec '" + spec + "', expected ROLE=DB[,DB...]");
            }
            List<String> dbs = Arrays.asList(parts[1].split(","));
            checkIdentifier(parts[0]);
            dbs.forEach(StackAdmin::checkIdentifier);
            databasesByRole.put(parts[0], dbs);
        }

        try (Connection c = connectWithRetry(url, user, password, Duration.ofSeconds(30))) {
            int created = 0;
            for (Map.Entry<String, List<String>> e : databasesByRole.entrySet()) {
                String role = e.getKey();
                boolean exists = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role);
                try (Statement s = c.createStatement()) {
                    // ALTER on every run keeps the documented password even if someone changed it.
                    s.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + quote(role)
                            + " LOGIN PASSWORD '" + role + "'");
                }
                if (!exists) {
                    created++;
                    System.out.println("  created role " + role);
                }
                for (String db : e.getValue()) {
                    String owner = owner(c, db);
                    try (Statement s = c.createStatement()) {
                        if (owner == null) {
                            s.execute("CREATE DATABASE " + quote(db) + " OWNER " + quote(role));
                            created++;
                            System.out.println("  created database " + db + " (owner " + role + ")");
                        } else if (!owner.equals(role)) {
                            s.execute("ALTER DATABASE " + quote(db) + " OWNER TO " + quote(role));
                            System.out.println("  database " + db + ": owner " + owner + " -> " + role);
                        }
                    }
                }
            }
            System.out.println("pg-setup: " + databasesByRole.size() + " roles checked on " + host + ":"
                    + port + ", " + created + " objects created");
        }
    }

    private static void pgEmpty(String[] databases) throws Exception {
        String host = env("HUIKETANG_PG_HOST", "127.0.0.1");
        String port = env("HUIKETANG_PG_PORT", "5432");
        String user = env("HUIKETANG_PG_ADMIN_USER", "postgres");
        String password = env("HUIKETANG_PG_ADMIN_PASSWORD", "postgres");
        for (String db : databases) {
            checkIdentifier(db);
            String url = "jdbc:postgresql://" + host + ":" + port + "/" + db + "?connectTimeout=5";
            try (Connection c = connectWithRetry(url, user, password, Duration.ofSeconds(30));
                    Statement s = c.createStatement()) {
                String owner = owner(c, db);
                s.execute("DROP SCHEMA IF EXISTS public CASCADE");
                s.execute("CREATE SCHEMA public AUTHORIZATION " + quote(owner));
                System.out.println("  emptied database " + db + " (owner " + owner + ")");
            }
        }
    }

    private static void checkIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            fail("not a plain identifier: '" + name + "'");
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String owner(Connection c, String db) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Connection connectWithRetry(String url, String user, String password, Duration patience)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                // 28xxx = authentication/authorization: retrying will not help.
                if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                    fail("cannot log in to " + url + " as " + user + ": " + e.getMessage());
                }
                if (System.nanoTime() > deadline) {
                    fail("cannot connect to " + url + ": " + e.getMessage());
                }
                Thread.sleep(500);
            }
        }
    }

    // ---------------------------------------------------------------- Kafka

    private record TopicSpec(String name, int partitions, Map<String, String> configs) {
    }

    private static List<TopicSpec> readTopics(Path file) throws IOException {
        List<TopicSpec> topics = new ArrayList<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNo++;
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < 2 || f.length > 3 || !f[1].matches("[1-9][0-9]*")) {
                fail(file + ":" + lineNo + ": expected 'name partitions [key=value,...]'");
            }
            Map<String, String> configs = new LinkedHashMap<>();
            if (f.length == 3) {
                for (String kv : f[2].split(",")) {
                    String[] p = kv.split("=", 2);
                    if (p.length != 2) {
                        fail(file + ":" + lineNo + ": bad config '" + kv + "'");
                    }
                    configs.put(p[0], p[1]);
                }
            }
            topics.add(new TopicSpec(f[0], Integer.parseInt(f[1]), configs));
        }
        return topics;
    }

    private static void kafkaTopics(String[] args) throws Exception {
        if (args.length != 1) {
            usage();
        }
        List<TopicSpec> wanted = readTopics(Paths.get(args[0]));
        String bootstrap = env("HUIKETANG_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "huiketang-stack-admin");

        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(90, TimeUnit.SECONDS);

            List<NewTopic> toCreate = new ArrayList<>();
            List<TopicSpec> present = new ArrayList<>();
            for (TopicSpec t : wanted) {
                if (existing.contains(t.name())) {
                    present.add(t);
                } else {
                    toCreate.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()));
                }
            }
            if (!toCreate.isEmpty()) {
                admin.createTopics(toCreate).all().get(60, TimeUnit.SECONDS);
            }

            int changed = 0;
            if (!present.isEmpty()) {
                Collection<String> names = present.stream().map(TopicSpec::name).toList();
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
                Map<String, NewPartitions> grow = new LinkedHashMap<>();
                List<ConfigResource> resources = new ArrayList<>();
                for (TopicSpec t : present) {
                    int have = descriptions.get(t.name()).partitions().size();
                    if (have < t.partitions()) {
                        grow.put(t.name(), NewPartitions.increaseTo(t.partitions()));
                    } else if (have > t.partitions()) {
                        System.out.println("  " + t.name() + ": has " + have + " partitions, more than the "
                                + t.partitions() + " asked (partitions cannot shrink; left as is)");
                    }
                    resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
                }
                if (!grow.isEmpty()) {
                    admin.createPartitions(grow).all().get(60, TimeUnit.SECONDS);
                    grow.forEach((n, p) -> System.out.println("  " + n + ": partitions raised to "
                            + p.totalCount()));
                }
                Map<ConfigResource, Config> current = admin.describeConfigs(resources).all()
                        .get(60, TimeUnit.SECONDS);
                Map<ConfigResource, Collection<AlterConfigOp>> alter = new LinkedHashMap<>();
                for (TopicSpec t : present) {
                    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
                    List<AlterConfigOp> ops = new ArrayList<>();
                    for (Map.Entry<String, String> c : t.configs().entrySet()) {
                        ConfigEntry entry = current.get(r).get(c.getKey());
                        if (entry == null || !c.getValue().equals(entry.value())) {
                            ops.add(new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()),
                                    AlterConfigOp.OpType.SET));
                        }
                    }
                    if (!ops.isEmpty()) {
                        alter.put(r, ops);
                        System.out.println("  " + t.name() + ": configs updated " + ops.stream()
                                .map(o -> o.configEntry().name() + "=" + o.configEntry().value()).toList());
                    }
                }
                if (!alter.isEmpty()) {
                    admin.incrementalAlterConfigs(alter).all().get(60, TimeUnit.SECONDS);
                }
                changed = grow.size() + alter.size();
            }
            toCreate.forEach(t -> System.out.println("  created topic " + t.name() + " (" + t.numPartitions()
                    + " partitions)"));
            System.out.println("kafka-topics: " + wanted.size() + " topics on " + bootstrap + ": "
                    + toCreate.size() + " created, " + changed + " updated, "
                    + (present.size() - changed) + " unchanged");
        }
    }

    // ---------------------------------------------------------------- Keycloak

    /** A realm attribute holding the SHA-256 of the file a realm was created from here. */
    private static final String REALM_SUM_ATTRIBUTE = "huiketang.realm-file-sha256";
    private static final Pattern REALM_NAME = Pattern.compile("\"realm\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private static void keycloakRealms(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        String base = args[0].replaceFirst("/+$", "");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String token = keycloakAdminToken(http, base);
        for (String file : Arrays.copyOfRange(args, 1, args.length)) {
            String json = Files.readString(Paths.get(file));
            Matcher name = REALM_NAME.matcher(json);
            int open = json.indexOf('{');
            if (!name.find() || open < 0) {
                fail(file + ": not a realm export (no \"realm\" name)");
            }
            String realm = name.group(1);
            String sum = sha256(json);
            HttpResponse<String> existing = keycloak(http, token, "GET", base + "/admin/realms/" + realm, null);
            if (existing.statusCode() == 200) {
                if (!existing.body().contains(REALM_SUM_ATTRIBUTE)) {
                    System.out.println("  keycloak: realm " + realm + " present (imported at start-up): left alone");
                    continue;
                }
                if (existing.body().contains(sum)) {
                    System.out.println("  keycloak: realm " + realm + " present and current");
                    continue;
                }
                expect(keycloak(http, token, "DELETE", base + "/admin/realms/" + realm, null), 204,
                        "deleting realm " + realm);
                System.out.println("  keycloak: realm " + realm + ": " + file + " changed: deleted to create again");
            } else if (existing.statusCode() != 404) {
                fail("reading realm " + realm + ": HTTP " + existing.statusCode());
            }
            // The file's own JSON, with the attribute that says which file it came from
            String body = "{\"attributes\":{\"" + REALM_SUM_ATTRIBUTE + "\":\"" + sum + "\"},"
                    + json.substring(open + 1);
            expect(keycloak(http, token, "POST", base + "/admin/realms", body), 201, "creating realm " + realm);
            System.out.println("  keycloak: realm " + realm + " created from " + file);
        }
    }

    private static String keycloakAdminToken(HttpClient http, String base) throws Exception {
        String user = env("HUIKETANG_KEYCLOAK_ADMIN_USER", "admin");
        String password = env("HUIKETANG_KEYCLOAK_ADMIN_PASSWORD", "admin");
        String form = "grant_type=password&client_id=admin-cli&username=" + urlEncode(user) + "&password="
                + urlEncode(password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            fail("keycloak: admin login at " + base + " failed (HTTP " + response.statusCode()
                    + "); set HUIKETANG_KEYCLOAK_ADMIN_USER / HUIKETANG_KEYCLOAK_ADMIN_PASSWORD");
        }
        return token.group(1);
    }

    private static HttpResponse<String> keycloak(HttpClient http, String token, String method, String url,
            String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            String body = response.body();
            fail("keycloak: " + what + ": HTTP " + response.statusCode() + " "
                    + (body.length() > 300 ? body.substring(0, 300) : body));
        }
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- archives

    private static void unzip(String[] args) throws IOException {
        if (args.length < 2) {
            usage();
        }
        Path zip = Paths.get(args[0]);
        Path dest = Paths.get(args[1]).toAbsolutePath().normalize();
        Set<String> only = new HashSet<>(Arrays.asList(args).subList(2, args.length));
        int count = 0;
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip), 1 << 16))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!only.isEmpty() && !only.contains(e.getName())) {
                    continue;
                }
                Path target = dest.resolve(e.getName()).normalize();
                if (!target.startsWith(dest)) {
                    fail("entry outside the destination: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                if (looksExecutable(target)) {
                    Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(target));
                    perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE));
                    Files.setPosixFilePermissions(target, perms);
                }
                count++;
            }
        }
        if (!only.isEmpty() && count < only.size()) {
            fail("not all of " + only + " found in " + zip);
        }
    }

    /** The zip format's Unix modes are not visible to java.util.zip: recognise scripts and binaries. */
    private static boolean looksExecutable(Path file) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        return (n >= 2 && head[0] == '#' && head[1] == '!')
                || (n == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F');
    }

    private static void xzcat(String[] args) throws Exception {
        if (args.length != 1) {
            usage();
        }
        // Loaded reflectively so that the other subcommands do not need xz on the classpath.
        Class<?> xz = Class.forName("org.tukaani.xz.XZInputStream");
        try (InputStream in = (InputStream) xz.getConstructor(InputStream.class)
                .newInstance(new BufferedInputStream(Files.newInputStream(Paths.get(args[0])), 1 << 16))) {
            OutputStream out = System.out;
            in.transferTo(out);
            out.flush();
        }
    }
}
