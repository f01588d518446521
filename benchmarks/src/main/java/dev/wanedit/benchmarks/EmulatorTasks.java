package dev.wanedit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.emulator.DashScopeEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's side of each task, read from the emulator's task list after a section ran: when
 * every task was submitted and when it ended (epoch milliseconds in the list items).
 */
final class EmulatorTasks {

    record Times(Instant submitted, Instant ended) {
    }

    private EmulatorTasks() {
    }

    static Map<String, Times> all(DashScopeEmulator emu) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        Map<String, Times> out = new HashMap<>();
        for (int page = 1; ; page++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + "/tasks?page_size=100&page_no=" + page))
                    .header("Authorization", "Bearer " + emu.apiKey()).GET().build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 429) {
                Thread.sleep(1100); // the list shares the account's query budget
                page--;
                continue;
            }
            if (r.statusCode() != 200) {
                throw new IOException("task list answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode root = json.readTree(r.body());
            for (JsonNode item : root.path("data")) {
                if (item.has("end_time")) {
                    out.put(item.get("task_id").asText(), new Times(Instant.ofEpochMilli(item.get("gmt_create").asLong()),
                            Instant.ofEpochMilli(item.get("end_time").asLong())));
                }
            }
            if (page >= root.path("total_page").asInt()) {
                return out;
            }
        }
    }
}
