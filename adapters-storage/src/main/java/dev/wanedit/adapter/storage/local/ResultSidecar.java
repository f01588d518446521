package dev.wanedit.adapter.storage.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.adapter.storage.RequestJson;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.Dimensions;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON that describes one stored result image, next to it on disk or as a companion object in
 * OSS: job, task, model, region, prompts, seed, size, input references, digest, size in bytes and
 * when it was stored. Inputs are written as {@link ImageInput#reference()}: paths, URLs without
 * their query, {@code oss://} keys, and inline images only by MIME type, size and digest, so a
 * sidecar never holds a full data URI or a credential. Since version 2 it also holds what journals
 * the job again when its journal entry is lost: the request (inline inputs by digest only), its
 * fingerprint, the batch line, the endpoint, the job's creation time and the task's slot count.
 */
public final class ResultSidecar {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Sidecars since version 2 carry the request, its fingerprint, batch line and endpoint. */
    static final int VERSION = 2;

    private ResultSidecar() {
    }

    /**
     * The sidecar of result {@code image} of {@code job}.
     *
     * @param actual the stored image's facts, when its header could be read
     */
    public static byte[] json(EditJob job, ResultImage image, String sha256, long bytes, Optional<ImageFacts> actual,
                              Instant storedAt) {
        EditRequest r = job.request();
        ObjectNode o = MAPPER.createObjectNode();
        o.put("sidecar_version", VERSION);
        o.put("job_id", job.id().value());
        putOrNull(o, "task_id", job.task().map(RemoteTaskRef::taskId));
        o.put("index", image.index());
        o.put("model", r.model().id());
        o.put("region", job.task().map(RemoteTaskRef::region).orElse(r.region()).id());
        o.put("prompt", r.prompt());
        putOrNull(o, "actual_prompt", image.actualPrompt());
        putOrNull(o, "negative_prompt", r.negativePrompt());
        if (r.output().seed().isPresent()) {
            // The service uses seed, seed+1, ... seed+n-1 for the n images of one task.
            o.put("seed", r.output().seed().getAsLong() + image.index());
        } else {
            o.putNull("seed");
        }
        ObjectNode size = o.putObject("size");
        size.put("requested", r.output().size().wireValue());
        Optional<Dimensions> expected = r.expectedOutput().dimensions();
        putOrNull(size, "expected", expected.map(Dimensions::toString));
        putOrNull(size, "actual", actual.map(f -> f.dimensions().toString()));
        putOrNull(o, "format", actual.map(f -> f.format().name()));
        r.function().ifPresent(f -> o.put("function", f.wireName()));
        if (!r.functionParams().isEmpty()) {
            ObjectNode p = o.putObject("params");
            for (Map.Entry<String, Object> e : r.functionParams().entrySet()) {
                p.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
            }
        }
        ArrayNode inputs = o.putArray("inputs");
        r.images().forEach(i -> inputs.addObject().put("role", "image").put("reference", i.reference()));
        r.mask().ifPresent(m -> inputs.addObject().put("role", "mask").put("reference", m.reference()));
        o.put("sha256", sha256);
        o.put("bytes", bytes);
        o.put("stored_at", storedAt.toString());
        // What finds and journals the job again when its journal entry is lost (version 2).
        o.put("fingerprint", job.fingerprint());
        putOrNull(o, "endpoint", job.endpoint());
        if (job.batch().isPresent()) {
            o.putObject("batch").put("id", job.batch().get().batchId()).put("line", job.batch().get().lineKey());
        } else {
            o.putNull("batch");
        }
        o.put("job_created_at", job.createdAt().toString());
        o.put("slots", Math.max(job.results().size(), image.index() + 1));
        o.set("request", RequestJson.node(r, RequestJson.Inline.DIGEST_ONLY));
        try {
            return MAPPER.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a sidecar", e);
        }
    }

    /** What a version 2 sidecar says of its job and image. */
    record Parsed(String jobId, int index, String taskId, Region region, String fingerprint, Optional<String> endpoint,
                  Optional<BatchRef> batch, Instant jobCreatedAt, int slots, Optional<EditRequest> request,
                  Optional<String> requestProblem, Optional<String> actualPrompt, String sha256, long bytes) {
    }

    /**
     * Reads a sidecar.
     *
     * @return empty for a sidecar older than version 2 (it cannot be matched to a request)
     * @throws IllegalArgumentException when it is not a sidecar's JSON
     */
    static Optional<Parsed> parse(byte[] json) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (o == null || !o.isObject() || !o.hasNonNull("job_id") || !o.hasNonNull("sha256")) {
            throw new IllegalArgumentException("not a wanedit sidecar (no job_id and sha256)");
        }
        if (o.path("sidecar_version").asInt(1) < VERSION || !o.hasNonNull("fingerprint") || !o.hasNonNull("task_id")) {
            return Optional.empty();
        }
        Optional<EditRequest> request = Optional.empty();
        Optional<String> problem = Optional.empty();
        try {
            request = Optional.of(RequestJson.read(o.get("request")));
        } catch (RuntimeException e) {
            problem = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        JsonNode b = o.get("batch");
        Optional<BatchRef> batch = b != null && b.isObject() ? Optional.of(new BatchRef(b.path("id").asText(), b.path("line").asText()))
                : Optional.empty();
        return Optional.of(new Parsed(o.get("job_id").asText(), o.path("index").asInt(0), o.get("task_id").asText(),
                Region.parse(o.path("region").asText()), o.get("fingerprint").asText(), text(o, "endpoint"), batch,
                Instant.parse(o.path("job_created_at").asText()), o.path("slots").asInt(1), request, problem,
                text(o, "actual_prompt"), o.get("sha256").asText(), o.path("bytes").asLong(0)));
    }

    private static Optional<String> text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static void putOrNull(ObjectNode o, String field, Optional<String> value) {
        if (value.isPresent()) {
            o.put(field, value.get());
        } else {
            o.putNull(field);
        }
    }

}
