package dev.wanedit.adapter.storage.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.domain.CreateDoubt;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobEvent;
import dev.wanedit.domain.JobProblem;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.domain.BoundingBox;
import dev.wanedit.domain.EditRequest;
import dev.wanedit.domain.ImageFacts;
import dev.wanedit.domain.ImageFormat;
import dev.wanedit.domain.ImageInput;
import dev.wanedit.domain.OutputSpec;
import dev.wanedit.domain.PaletteColor;
import dev.wanedit.domain.Region;
import dev.wanedit.domain.ResultImage;
import dev.wanedit.domain.Usage;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The journal's JSON columns, mapped by hand so that no domain type needs annotations and the
 * stored shape is explicit: the request (rebuilt through {@link EditRequest#draft}, so a stored
 * request has the same fingerprint), the results and the usage. Schema changes go through a
 * migration; readers ignore fields they do not know.
 */
final class JobJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JobJson() {
    }

    // ---- request ----

    static String request(EditRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("model", r.model().id());
        o.put("region", r.region().id());
        o.put("prompt", r.prompt());
        r.negativePrompt().ifPresent(n -> o.put("negative_prompt", n));
        ArrayNode images = o.putArray("images");
        r.images().forEach(i -> images.add(image(i)));
        r.mask().ifPresent(m -> o.set("mask", image(m)));
        r.function().ifPresent(f -> o.put("function", f.wireName()));
        if (!r.functionParams().isEmpty()) {
            ObjectNode p = o.putObject("params");
            for (Map.Entry<String, Object> e : r.functionParams().entrySet()) {
                p.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
            }
        }
        OutputSpec out = r.output();
        if (out.size().wireValue() != null) {
            o.put("size", out.size().wireValue());
        }
        o.put("n", out.n());
        if (out.seed().isPresent()) {
            o.put("seed", out.seed().getAsLong());
        }
        out.watermark().ifPresent(v -> o.put("watermark", v));
        out.promptExtend().ifPresent(v -> o.put("prompt_extend", v));
        o.put("sequential", out.sequential());
        if (!out.boxes().isEmpty()) {
            ArrayNode lists = o.putArray("bbox_list");
            for (List<BoundingBox> list : out.boxes()) {
                ArrayNode l = lists.addArray();
                for (BoundingBox b : list) {
                    l.addArray().add(b.x1()).add(b.y1()).add(b.x2()).add(b.y2());
                }
            }
        }
        if (!out.palette().isEmpty()) {
            ArrayNode p = o.putArray("color_palette");
            out.palette().forEach(c -> p.addObject().put("hex", c.hex()).put("percent", c.percent().toPlainString()));
        }
        out.thinkingMode().ifPresent(v -> o.put("thinking_mode", v));
        return write(o);
    }

    static EditRequest request(String json) {
        JsonNode o = read(json);
        EditRequest.Draft d = EditRequest.draft(o.path("model").asText())
                .region(Region.parse(o.path("region").asText()))
                .prompt(text(o, "prompt"))
                .negativePrompt(text(o, "negative_prompt"))
                .function(text(o, "function"))
                .size(text(o, "size"))
                .n(o.has("n") ? o.get("n").asInt() : null)
                .seed(o.hasNonNull("seed") ? o.get("seed").asLong() : null)
                .watermark(bool(o, "watermark"))
                .promptExtend(bool(o, "prompt_extend"))
                .sequential(o.path("sequential").asBoolean(false) ? Boolean.TRUE : null)
                .thinkingMode(bool(o, "thinking_mode"));
        for (JsonNode i : o.path("images")) {
            d.image(image(i));
        }
        if (o.hasNonNull("mask")) {
            d.mask(image(o.get("mask")));
        }
        o.path("params").fields().forEachRemaining(e -> d.param(e.getKey(), scalar(e.getValue())));
        if (o.has("bbox_list")) {
            List<List<BoundingBox>> lists = new ArrayList<>();
            for (JsonNode l : o.get("bbox_list")) {
                List<BoundingBox> boxes = new ArrayList<>();
                for (JsonNode b : l) {
                    boxes.add(new BoundingBox(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()));
                }
                lists.add(boxes);
            }
            d.boxes(lists);
        }
        if (o.has("color_palette")) {
            List<PaletteColor> palette = new ArrayList<>();
            for (JsonNode c : o.get("color_palette")) {
                palette.add(new PaletteColor(c.get("hex").asText(), new BigDecimal(c.get("percent").asText())));
            }
            d.palette(palette);
        }
        return d.restore(); // valid when journaled; today's rules must not strand an existing task
    }

    private static ObjectNode image(ImageInput in) {
        ObjectNode o = MAPPER.createObjectNode();
        if (in instanceof ImageInput.LocalImage l) {
            // Absolute, so that resume finds the file from any working directory; the fingerprint
            // is unchanged (it uses the content digest, or this same absolute reference).
            o.put("kind", "local").put("path", l.reference());
        } else if (in instanceof ImageInput.RemoteImage r) {
            o.put("kind", "remote").put("url", r.url().toString());
        } else if (in instanceof ImageInput.InlineImage i) {
            // The journal must be able to resend the request, so it keeps the data URI (never a sidecar).
            o.put("kind", "data").put("data_uri", i.dataUri());
        } else if (in instanceof ImageInput.OssImage s) {
            o.put("kind", "oss").put("uri", s.uri());
        } else {
            throw new IllegalArgumentException("unknown image input " + in.getClass());
        }
        in.facts().ifPresent(f -> o.set("facts", facts(f)));
        return o;
    }

    private static ImageInput image(JsonNode o) {
        Optional<ImageFacts> facts = o.hasNonNull("facts") ? Optional.of(facts(o.get("facts"))) : Optional.empty();
        String kind = o.path("kind").asText();
        switch (kind) {
            case "local":
                return new ImageInput.LocalImage(Path.of(o.get("path").asText()), facts.orElseThrow(() -> missingFacts(o)));
            case "remote":
                return new ImageInput.RemoteImage(URI.create(o.get("url").asText()), facts);
            case "data":
                return new ImageInput.InlineImage(o.get("data_uri").asText(), facts.orElseThrow(() -> missingFacts(o)));
            case "oss": {
                ImageInput.OssImage parsed = ImageInput.OssImage.parse(o.get("uri").asText());
                return new ImageInput.OssImage(parsed.bucket(), parsed.key(), facts);
            }
            default:
                throw new IllegalStateException("journal holds an image of unknown kind \"" + kind + "\"");
        }
    }

    private static IllegalStateException missingFacts(JsonNode o) {
        return new IllegalStateException("journal holds a " + o.path("kind").asText() + " image without facts");
    }

    private static ObjectNode facts(ImageFacts f) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", f.format().name()).put("width", f.width()).put("height", f.height()).put("bytes", f.bytes())
                .put("alpha", f.alpha());
        f.sha256().ifPresent(s -> o.put("sha256", s));
        return o;
    }

    private static ImageFacts facts(JsonNode o) {
        return new ImageFacts(ImageFormat.valueOf(o.get("format").asText()), o.get("width").asInt(), o.get("height").asInt(),
                o.get("bytes").asLong(), o.get("alpha").asBoolean(), Optional.ofNullable(text(o, "sha256")));
    }

    private static Object scalar(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.asText();
    }

    // ---- results and usage ----

    static String results(List<ResultImage> results) {
        ArrayNode a = MAPPER.createArrayNode();
        for (ResultImage r : results) {
            ObjectNode o = a.addObject();
            o.put("index", r.index());
            r.remoteUrl().ifPresent(u -> o.put("remote_url", u.toString()));
            r.urlExpiresAt().ifPresent(t -> o.put("url_expires_at", t.toString()));
            r.actualPrompt().ifPresent(p -> o.put("actual_prompt", p));
            r.storedAt().ifPresent(s -> o.put("stored_at", s));
            r.sha256().ifPresent(s -> o.put("sha256", s));
            o.put("bytes", r.bytes());
            r.errorCode().ifPresent(c -> o.put("error_code", c));
            r.errorMessage().ifPresent(m -> o.put("error_message", m));
        }
        return write(a);
    }

    static List<ResultImage> results(String json) {
        List<ResultImage> out = new ArrayList<>();
        for (JsonNode o : read(json)) {
            out.add(new ResultImage(o.get("index").asInt(), Optional.ofNullable(text(o, "remote_url")).map(URI::create),
                    Optional.ofNullable(text(o, "url_expires_at")).map(Instant::parse), Optional.ofNullable(text(o, "actual_prompt")),
                    Optional.ofNullable(text(o, "stored_at")), Optional.ofNullable(text(o, "sha256")), o.path("bytes").asLong(0),
                    Optional.ofNullable(text(o, "error_code")), Optional.ofNullable(text(o, "error_message"))));
        }
        return out;
    }

    static String usage(Usage u) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("image_count", u.imageCount());
        u.size().ifPresent(s -> o.put("size", s));
        u.inputTokens().ifPresent(t -> o.put("input_tokens", t));
        u.outputTokens().ifPresent(t -> o.put("output_tokens", t));
        return write(o);
    }

    static Usage usage(String json) {
        JsonNode o = read(json);
        return new Usage(o.get("image_count").asInt(), Optional.ofNullable(text(o, "size")),
                o.hasNonNull("input_tokens") ? OptionalInt.of(o.get("input_tokens").asInt()) : OptionalInt.empty(),
                o.hasNonNull("output_tokens") ? OptionalInt.of(o.get("output_tokens").asInt()) : OptionalInt.empty());
    }

    // ---- the money notes: a create's doubt, the decisions taken, UNKNOWN answers, storage problems ----

    /** What a job keeps of its create and its storage as one JSON object; null when there is nothing to keep. */
    static String notes(EditJob j) {
        ObjectNode o = MAPPER.createObjectNode();
        j.doubt().ifPresent(d -> {
            ObjectNode n = o.putObject("doubt");
            n.put("sent_at", d.sentAt().toString());
            n.put("cause", d.cause().name());
            n.put("detail", d.detail());
            n.put("looks", d.looks());
            d.lastLook().ifPresent(t -> n.put("last_look", t.toString()));
            ArrayNode c = n.putArray("candidates");
            d.candidates().forEach(c::add);
        });
        if (!j.history().isEmpty()) {
            ArrayNode h = o.putArray("history");
            for (JobEvent e : j.history()) {
                ObjectNode n = h.addObject();
                n.put("at", e.at().toString());
                n.put("kind", e.kind().name());
                n.put("detail", e.detail());
            }
        }
        j.unknownSince().ifPresent(t -> o.put("unknown_since", t.toString()));
        j.problem().ifPresent(p -> {
            ObjectNode n = o.putObject("problem");
            n.put("at", p.at().toString());
            n.put("code", p.code());
            n.put("message", p.message());
        });
        return o.isEmpty() ? null : write(o);
    }

    /** The parts of {@link #notes(EditJob)}, read back. */
    record Notes(Optional<CreateDoubt> doubt, List<JobEvent> history, Optional<Instant> unknownSince,
                 Optional<JobProblem> problem) {
        static final Notes NONE = new Notes(Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    static Notes notes(String json) {
        if (json == null || json.isBlank()) {
            return Notes.NONE;
        }
        JsonNode o = read(json);
        Optional<CreateDoubt> doubt = Optional.empty();
        JsonNode d = o.get("doubt");
        if (d != null && d.isObject()) {
            List<String> candidates = new ArrayList<>();
            d.path("candidates").forEach(c -> candidates.add(c.asText()));
            doubt = Optional.of(new CreateDoubt(Instant.parse(d.get("sent_at").asText()),
                    CreateDoubt.Cause.valueOf(d.get("cause").asText()), text(d, "detail"), d.path("looks").asInt(0),
                    Optional.ofNullable(text(d, "last_look")).map(Instant::parse), candidates));
        }
        List<JobEvent> history = new ArrayList<>();
        o.path("history").forEach(e -> history.add(new JobEvent(Instant.parse(e.get("at").asText()),
                JobEvent.Kind.valueOf(e.get("kind").asText()), text(e, "detail"))));
        Optional<JobProblem> problem = Optional.empty();
        JsonNode p = o.get("problem");
        if (p != null && p.isObject()) {
            problem = Optional.of(new JobProblem(Instant.parse(p.get("at").asText()), p.get("code").asText(), text(p, "message")));
        }
        return new Notes(doubt, history, Optional.ofNullable(text(o, "unknown_since")).map(Instant::parse), problem);
    }

    // ---- helpers ----

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Boolean bool(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    private static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write journal JSON", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the journal holds malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

}
