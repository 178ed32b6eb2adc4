package io.huiketang.privacy.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.claimcheck.Claim;
import io.huiketang.kit.claimcheck.ClaimChecks;

/**
 * A person's ACCESS archive, written as a ZIP straight to the response: {@code manifest.json} (the request, the
 * subject, every holder, every file with its size and SHA-256, when it was generated, the policy version),
 * {@code README.txt} in Chinese and English, and one {@code <service>.json} per holder, each streamed from the
 * S3 store (claim-check) and checked against its claim as it passes. Nothing is held in memory or on disk, so
 * a slice of any size works; a slice that is not what its holder stored breaks the download rather than
 * completing a wrong archive.
 */
@ApplicationScoped
public class Archives {

    static final String README = """
            您的个人信息副本 / A copy of your personal data
            ================================================

            这是视频会客厅各服务保存的关于您的全部个人信息，按照您的查阅、复制请求生成。
            每个服务一个 JSON 文件；manifest.json 列出请求、各数据持有方，以及每个文件的大小和 SHA-256 校验值，
            可用任何 SHA-256 工具核对文件未被改动。如发现信息有误，可在应用内更正或提出更正请求。

            This is everything Huiketang's services hold about you, made for your access request. There is one
            JSON file per service; manifest.json lists the request, every data holder, and the size and SHA-256 of
            every file, so any SHA-256 tool can confirm a file is unchanged. If something is wrong, correct it in the
            app or open a correction request.
            """;

    /** One holder's slice in the archive. */
    public record Slice(String service, String answeredAt, Claim claim) {
    }

    private final ClaimChecks store;
    private final ObjectMapper json;

    Archives(ClaimChecks store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public void write(Map<String, Object> request, String subjectId, String policyVersion, List<Slice> slices,
            OutputStream out) throws IOException {
        byte[] readme = README.getBytes(StandardCharsets.UTF_8);
        List<Map<String, Object>> files = new ArrayList<>();
        files.add(file("README.txt", readme.length, ClaimChecks.sha256(readme)));
        List<Map<String, Object>> holders = new ArrayList<>();
        for (Slice slice : slices) {
            files.add(file(slice.service() + ".json", slice.claim().size(), slice.claim().sha256()));
            holders.add(Map.of("service", slice.service(), "answeredAt", slice.answeredAt(), "file",
                    slice.service() + ".json"));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("request", request);
        manifest.put("subject", subjectId);
        manifest.put("generatedAt", Instant.now().toString());
        manifest.put("policyVersion", policyVersion);
        manifest.put("holders", holders);
        manifest.put("files", files);

        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry("README.txt"));
        zip.write(readme);
        zip.closeEntry();
        for (Slice slice : slices) {
            zip.putNextEntry(new ZipEntry(slice.service() + ".json"));
            try (InputStream in = store.open(slice.claim())) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private static Map<String, Object> file(String name, long size, String sha256) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", name);
        file.put("size", size);
        file.put("sha256", sha256);
        return file;
    }

    public static Claim claimOf(JsonNode answer) {
        JsonNode claim = answer.path("exportClaim");
        return new Claim(claim.path("objectKey").asText(), claim.path("size").asLong(), claim.path("sha256").asText());
    }
}
