package dev.wanedit.adapter.storage.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.domain.Dimensions;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.EditRequest;
import dev.wanedit.domain.ImageFacts;
import dev.wanedit.domain.ImageInput;
import dev.wanedit.domain.RemoteTaskRef;
import dev.wanedit.domain.ResultImage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON that describes one stored result image, next to it on disk or as a companion object in
 * OSS: job, task, model, region, prompts, seed, size, input references, digest, size in bytes and
 * when it was stored. Inputs are written as {@link ImageInput#reference()}: paths, URLs without
 * their query, {@code oss://} keys, and inline images only by MIME type, size and digest, so a
 * sidecar never holds a full data URI or a credential.
 */
public final class ResultSidecar {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        try {
            return MAPPER.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a sidecar", e);
        }
    }

    private static void putOrNull(ObjectNode o, String field, Optional<String> value) {
        if (value.isPresent()) {
            o.put(field, value.get());
        } else {
            o.putNull(field);
        }
    }

}
