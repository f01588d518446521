package dev.wanedit.adapter.storage.jobs;

import static dev.wanedit.adapter.storage.JsonFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.adapter.storage.RequestJson;
import dev.wanedit.domain.job.CreateDoubt;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobEvent;
import dev.wanedit.domain.job.JobProblem;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.job.Usage;
import dev.wanedit.domain.request.EditRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        return write(RequestJson.node(r, RequestJson.Inline.KEEP));
    }

    static EditRequest request(String json) {
        return RequestJson.read(read(json));
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
