package io.huiketang.systemtests.stack;

import static io.huiketang.systemtests.stack.StackSettings.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The stack that dev/stack starts is what the services and their tests rely on: each server answers
 * over a real connection and holds what dev/stack promises (databases, topics, realm, bucket).
 */
class LocalStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "role {0} owns database {1}")
    @CsvSource({ "account,account", "account,account_test", "meeting,meeting", "meeting,meeting_test",
            "recording,recording", "recording,recording_test", "privacy,privacy", "privacy,privacy_test",
            "platform_kit,platform_kit_test" })
    void eachServiceRoleLogsIntoItsOwnDatabase(String role, String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(StackSettings.pgUrl(database), role, role);
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT current_user, pg_catalog.pg_get_userbyid(datdba) FROM pg_database "
                                + "WHERE datname = current_database()")) {
            rs.next();
            assertEquals(role, rs.getString(1));
            assertEquals(role, rs.getString(2), "the service's role owns its database");
        }
    }

    @Test
    void redisAnswersPing() throws IOException {
        try (Socket socket = new Socket(StackSettings.redisHost(), StackSettings.redisPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("+PONG", in.readLine());
        }
    }

    @Test
    void kafkaHasEveryDeclaredTopicWithItsPartitionsAndRetention() throws Exception {
        // name -> [partitions, config...] from the file dev/stack reads
        List<String[]> declared = Files.readAllLines(StackSettings.repoRoot().resolve("dev/kafka-topics.conf"))
                .stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")).toList();
        assertTrue(declared.size() >= 12, "topics declared in dev/kafka-topics.conf");
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackSettings.kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            Set<String> names = declared.stream().map(d -> d[0]).collect(Collectors.toSet());
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (String[] topic : declared) {
                assertEquals(Integer.parseInt(topic[1]), topics.get(topic[0]).partitions().size(),
                        "partitions of " + topic[0]);
                if (topic.length > 2) {
                    Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic[0]));
                    for (String setting : topic[2].split(",")) {
                        String[] kv = setting.split("=", 2);
                        assertEquals(kv[1], config.get(kv[0]).value(), kv[0] + " of " + topic[0]);
                    }
                }
            }
            // The network and audit logs must outlive the legal minimum of 180 days
            long days180 = TimeUnit.DAYS.toMillis(180);
            for (String log : List.of("gateway.access-log", "audit.events")) {
                long retention = Long.parseLong(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, log))
                        .get("retention.ms").value());
                assertTrue(retention >= days180, log + " keeps at least 180 days");
            }
        }
    }

    @Test
    void keycloakIssuesTokensForTheAcmeEnterprisesPeople() throws Exception {
        String realm = StackSettings.keycloakUrl() + "/realms/acme";
        JsonNode discovery = getJson(realm + "/.well-known/openid-configuration");
        assertEquals(realm, discovery.get("issuer").asText());

        String form = form(Map.of("grant_type", "password", "client_id", "huiketang-platform",
                "client_secret", "acme-platform-secret", "username", "alice", "password", "alice-password",
                "scope", "openid email profile"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(discovery.get("token_endpoint")
                .asText())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String idToken = JSON.readTree(response.body()).get("id_token").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]));
        assertEquals("alice@acme.example", claims.get("email").asText());
        assertTrue(claims.get("email_verified").asBoolean());
    }

    @Test
    void s3StoresReadsAndDeletesObjectsInTheRecordingsBucket() {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(StackSettings.s3Url()))
                .forcePathStyle(true)
                .region(Region.of("cn-north-1"))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env("HUIKETANG_S3_ACCESS_KEY", "huiketang"), env("HUIKETANG_S3_SECRET_KEY", "huiketang-secret"))))
                .build()) {
            String key = "stack-test/" + UUID.randomUUID() + ".txt";
            s3.putObject(b -> b.bucket("recordings").key(key), RequestBody.fromString("会议录像"));
            String read = s3.getObjectAsBytes(b -> b.bucket("recordings").key(key)).asUtf8String();
            assertEquals("会议录像", read);
            s3.deleteObject(b -> b.bucket("recordings").key(key));
            assertTrue(s3.listObjectsV2(b -> b.bucket("recordings").prefix(key)).contents().isEmpty());
        }
    }

    private JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return JSON.readTree(response.body());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
