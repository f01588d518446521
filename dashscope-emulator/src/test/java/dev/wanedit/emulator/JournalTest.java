package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class JournalTest {
  static final String PNG = Wire.dataUri(Wire.image("png", 512, 512), "image/png");
  static final String BODY = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"x\",\"images\":[" + Wire.q(PNG)
      + "]},\"parameters\":{\"n\":1,\"seed\":3}}";
  static final String SAME_BODY_REORDERED = "{\"parameters\":{\"seed\":3,\"n\":1},\"model\":\"wan2.5-i2i-preview\","
      + "\"input\":{\"images\":[" + Wire.q(PNG) + "],\"prompt\":\"x\"}}";

  @Test
  void records_every_request_with_the_key_masked(DashScopeEmulator emu, Journal journal, EmulatorClock clock) {
    Wire.Resp created = Wire.create(emu, Wire.SYNTHESIS, BODY);
    clock.advance(Duration.ofSeconds(3));
    Wire.task(emu, created.taskId());
    Wire.get(emu, "/tasks?status=RUNNING&page_size=5");

    List<RecordedRequest> all = journal.requests();
    assertThat(all).hasSize(3);
    RecordedRequest create = all.get(0);
    assertThat(create.method()).isEqualTo("POST");
    assertThat(create.path()).isEqualTo("/api/v1" + Wire.SYNTHESIS);
    assertThat(create.endpoint()).isEqualTo(Endpoint.IMAGE_SYNTHESIS);
    assertThat(create.status()).isEqualTo(200);
    assertThat(create.requestId()).isEqualTo(created.json().path("request_id").asText());
    assertThat(create.bodySize()).isEqualTo(BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(create.json().path("model").asText()).isEqualTo("wan2.5-i2i-preview");
    assertThat(create.header("X-DashScope-Async")).isEqualTo("enable");
    assertThat(create.header("Authorization")).startsWith("Bearer ****").doesNotContain(emu.apiKey());
    assertThat(create.at()).isEqualTo(EmulatorExtension.DEFAULT_START);
    assertThat(all.toString()).doesNotContain(emu.apiKey());

    RecordedRequest list = all.get(2);
    assertThat(list.query()).isEqualTo("status=RUNNING&page_size=5");
    assertThat(list.json()).isNull();
    assertThat(journal.requests("GET", "/api/v1/tasks/")).hasSize(1);
    assertThat(journal.requests("get", "/api/v1/tasks")).hasSize(2);
    assertThat(journal.requests(Endpoint.TASK_LIST)).hasSize(1);
    assertThat(journal.taskQueries(created.taskId())).isEqualTo(1);
  }

  @Test
  void counts_tasks_per_normalized_body(DashScopeEmulator emu, Journal journal, EmulatorClock clock) {
    Wire.create(emu, Wire.SYNTHESIS, BODY);
    clock.advance(Duration.ofSeconds(1));
    Wire.create(emu, Wire.SYNTHESIS, SAME_BODY_REORDERED);
    Wire.create(emu, Wire.SYNTHESIS, BODY.replace("\"seed\":3", "\"seed\":4"));

    assertThat(journal.tasksCreated()).isEqualTo(3);
    assertThat(journal.tasksCreatedFor(BODY)).isEqualTo(2);
    assertThat(journal.tasksCreatedFor(SAME_BODY_REORDERED)).isEqualTo(2);
    assertThat(journal.tasksCreatedPerBody()).hasSize(2).containsValue(1);
    assertThat(journal.tasksCreatedFor("{\"model\":\"other\"}")).isZero();

    journal.clear();
    assertThat(journal.requests()).isEmpty();
    assertThat(journal.tasksCreated()).isZero();
    assertThat(journal.tasksCreatedFor(BODY)).isZero();
  }

  @Test
  void masks_keys_without_revealing_short_ones() {
    assertThat(Journal.maskAuthorization("Bearer sk-0123456789abcdef")).isEqualTo("Bearer ****cdef");
    assertThat(Journal.maskAuthorization("Bearer short")).isEqualTo("Bearer ****");
    assertThat(Journal.maskAuthorization("rawkey-without-scheme-1234")).isEqualTo("****1234");
  }

  @Test
  void keeps_only_the_newest_requests_but_whole_counters() {
    try (DashScopeEmulator emu = DashScopeEmulator.builder().journalCapacity(3).limitsEnabled(false).start()) {
      for (int i = 0; i < 5; i++) {
        Wire.task(emu, "t" + i);
      }

      assertThat(emu.journal().requests()).hasSize(3);
      assertThat(emu.journal().requests().get(0).path()).endsWith("/t2");
      assertThat(emu.journal().taskQueries("t0")).isEqualTo(1);
    }
  }
}
