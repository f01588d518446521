package dev.wanedit.adapter.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.in.value.InputReport;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.catalog.ParamSpec;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.catalog.SizePreset;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.CountRules;
import dev.wanedit.domain.request.ExpectedOutput;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageRules;
import dev.wanedit.domain.request.SizeRules;
import dev.wanedit.domain.request.Violation;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --json} documents. Each command prints exactly one, on stdout; field names are
 * snake_case and every field is always present ({@code null} when it does not apply), so the
 * schema is stable. The schema is documented in the adapters-cli README:
 *
 * <pre>
 * job        (edit, generate, status, wait, cancel)
 *   {job_id, task_id, model, region, endpoint, state, partial, created_at,
 *    results:[{index, path, sidecar, sha256, bytes, url_expires_at, error_code, error_message}],
 *    cost:{estimated, actual, currency}, failure:{kind, code, message}|null,
 *    violations:[{field, value, rule, severity}]}          (violations: the request's warnings)
 * validate   {valid, model, region, inputs:[{field, given, kind, format, width, height, bytes, alpha, sha256}],
 *             violations:[...errors], warnings:[...], expected:{width, height, images}|null,
 *             cost:{estimated, currency}|null, request:{method, url, headers, body}|null}
 * jobs, resume  {jobs:[job...]}
 * models     {models:[{id, wire_family, regions, images:{...}, prompt:{...}, size:{...}, n:{...},
 *             features, functions:[{name, mask, params:[...]}], prices:{region:{amount, currency}},
 *             limits:{submits_per_second, concurrent_tasks, confirmed}|null}]}
 * emulator   {base_url, region}
 * error      {error:{code, message, exit_code, service_code, request_id}, violations?:[...], job?:{...}}
 * </pre>
 */
public final class JsonOutput {

    /**
     * One mapper for every command, made on the first JSON output: every command holds a
     * JsonOutput, and picocli creates them all to parse one command line, so a mapper per instance
     * loaded Jackson for {@code --help} and for text output.
     */
    private static final class Shared {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
    /** What to do about a paid result that is not stored yet; the same words in text and JSON. */
    public static final String NOT_STORED_HINT = "fix the cause, then run `wanedit resume` with the same settings (the same OSS_* "
            + "variables or -o); it stores the result without paying again, as long as its URL lives";

    private final SidecarLocator sidecars;

    public JsonOutput(SidecarLocator sidecars) {
        this.sidecars = sidecars;
    }

    public ObjectNode object() {
        return mapper().createObjectNode();
    }

    public ArrayNode array() {
        return mapper().createArrayNode();
    }

    public void print(PrintWriter out, ObjectNode document) {
        try {
            out.println(mapper().writeValueAsString(redacted(document)));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * Writes a document field by field to {@code out} (indented like {@link #print}), for reports
     * too long to build in memory; {@code body} writes the fields between the braces.
     */
    public void stream(PrintWriter out, JsonBody body) {
        try (com.fasterxml.jackson.core.JsonGenerator g = mapper().getFactory().createGenerator(out)) {
            g.configure(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write JSON", e);
        }
        out.println();
        out.flush();
    }

    /** The fields of a streamed document. */
    @FunctionalInterface
    public interface JsonBody {
        void write(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException;
    }

    /** Writes a node with every string value redacted, as {@link #print} does. */
    public void writeRedacted(com.fasterxml.jackson.core.JsonGenerator g, com.fasterxml.jackson.databind.JsonNode node)
            throws java.io.IOException {
        mapper().writeTree(g, redacted(node));
    }

    public ObjectMapper mapper() {
        return Shared.MAPPER;
    }

    /** A copy with every string value passed through {@link Redaction#redact}; the structure is untouched. */
    private com.fasterxml.jackson.databind.JsonNode redacted(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isTextual()) {
            return mapper().getNodeFactory().textNode(Redaction.redact(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = object();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), redacted(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = array();
            node.forEach(n -> copy.add(redacted(n)));
            return copy;
        }
        return node;
    }

    // ---- jobs ----

    public ObjectNode job(EditJob job) {
        ObjectNode n = object();
        n.put("job_id", job.id().value());
        n.put("task_id", job.task().map(t -> t.taskId()).orElse(null));
        n.put("model", job.request().model().id());
        n.put("region", job.region().id());
        n.put("endpoint", job.task().flatMap(t -> t.endpoint()).or(job::endpoint).orElse(null));
        n.put("state", job.state().name());
        n.put("partial", job.isPartial());
        n.put("created_at", job.createdAt().toString());
        ArrayNode results = n.putArray("results");
        for (ResultImage r : job.results()) {
            results.add(result(r));
        }
        ObjectNode cost = n.putObject("cost");
        Money estimated = job.request().expectedOutput().estimatedCost();
        cost.put("estimated", estimated.amount());
        if (job.isActualCostKnown()) {
            cost.put("actual", job.actualCost().amount());
        } else {
            cost.putNull("actual");
        }
        cost.put("currency", estimated.currency());
        Optional<JobFailure> failure = job.failure();
        if (failure.isPresent()) {
            ObjectNode f = n.putObject("failure");
            f.put("kind", failure.get().kind().name());
            f.put("code", failure.get().code());
            f.put("message", failure.get().message());
        } else {
            n.putNull("failure");
        }
        n.set("violations", violations(job.request().warnings()));
        if (job.doubt().isPresent()) {
            dev.wanedit.domain.job.CreateDoubt d = job.doubt().get();
            ObjectNode o = n.putObject("create_outcome_unknown");
            o.put("sent_at", d.sentAt().toString());
            o.put("cause", d.cause().name().toLowerCase(java.util.Locale.ROOT));
            o.put("detail", d.detail());
            o.put("answered_2xx", d.taken());
            o.put("searches", d.looks());
            ArrayNode c = o.putArray("candidates");
            d.candidates().forEach(c::add);
        } else {
            n.putNull("create_outcome_unknown");
        }
        if (job.problem().isPresent()) {
            ObjectNode p = n.putObject("not_stored");
            p.put("code", job.problem().get().code());
            p.put("message", job.problem().get().message());
            p.put("at", job.problem().get().at().toString());
            p.put("results_expire_at", job.resultsExpireAt().map(Object::toString).orElse(null));
            p.put("how_to_finish", NOT_STORED_HINT);
        } else {
            n.putNull("not_stored");
        }
        n.put("unknown_since", job.unknownSince().map(Object::toString).orElse(null));
        ArrayNode h = n.putArray("history");
        for (dev.wanedit.domain.job.JobEvent e : job.history()) {
            ObjectNode o = h.addObject();
            o.put("at", e.at().toString());
            o.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
            o.put("detail", e.detail());
        }
        return n;
    }

    private ObjectNode result(ResultImage r) {
        ObjectNode n = object();
        n.put("index", r.index());
        n.put("path", r.storedAt().orElse(null));
        n.put("sidecar", r.storedAt().flatMap(sidecars::sidecarOf).orElse(null));
        n.put("sha256", r.sha256().orElse(null));
        if (r.isStored()) {
            n.put("bytes", r.bytes());
        } else {
            n.putNull("bytes");
        }
        n.put("url_expires_at", r.urlExpiresAt().map(Object::toString).orElse(null));
        n.put("error_code", r.errorCode().orElse(null));
        n.put("error_message", r.errorMessage().orElse(null));
        return n;
    }

    /** Adds who is working on the job right now ({@code owner}: host, pid, lease expiry; null when nobody). */
    public static void owner(ObjectNode job, dev.wanedit.application.port.in.value.JobOwner o) {
        if (o == null) {
            job.putNull("owner");
            return;
        }
        ObjectNode n = job.putObject("owner");
        n.put("host", o.host());
        n.put("pid", o.pid());
        n.put("lease_until", o.until().toString());
        n.put("this_process", o.thisProcess());
    }

    public ObjectNode jobs(List<EditJob> jobs) {
        ObjectNode n = object();
        ArrayNode a = n.putArray("jobs");
        jobs.forEach(j -> a.add(job(j)));
        return n;
    }

    public ArrayNode violations(List<Violation> list) {
        ArrayNode a = array();
        for (Violation v : list) {
            ObjectNode o = a.addObject();
            o.put("field", v.field());
            o.put("value", v.value());
            o.put("rule", v.rule());
            o.put("severity", v.severity().name());
        }
        return a;
    }

    // ---- validate ----

    public ObjectNode validation(ValidationReport report, String model, Region region) {
        ObjectNode n = object();
        n.put("valid", report.valid());
        n.put("model", model);
        n.put("region", region.id());
        ArrayNode inputs = n.putArray("inputs");
        for (InputReport in : report.inputs()) {
            ObjectNode o = inputs.addObject();
            o.put("field", in.field());
            o.put("given", Redaction.redact(abbreviate(in.given())));
            o.put("kind", in.kind() == null ? null : in.kind().name());
            Optional<ImageFacts> f = in.facts();
            o.put("format", f.map(x -> x.format().name()).orElse(null));
            putInt(o, "width", f.map(ImageFacts::width));
            putInt(o, "height", f.map(ImageFacts::height));
            if (f.isPresent()) {
                o.put("bytes", f.get().bytes());
                o.put("alpha", f.get().alpha());
            } else {
                o.putNull("bytes");
                o.putNull("alpha");
            }
            o.put("sha256", f.flatMap(ImageFacts::sha256).orElse(null));
        }
        n.set("violations", violations(report.errors()));
        n.set("warnings", violations(report.warnings()));
        Optional<ExpectedOutput> expected = report.expected();
        if (expected.isPresent()) {
            ObjectNode e = n.putObject("expected");
            putInt(e, "width", expected.get().dimensions().map(d -> d.width()));
            putInt(e, "height", expected.get().dimensions().map(d -> d.height()));
            e.put("images", expected.get().maxImages());
            ObjectNode c = n.putObject("cost");
            c.put("estimated", expected.get().estimatedCost().amount());
            c.put("currency", expected.get().estimatedCost().currency());
        } else {
            n.putNull("expected");
            n.putNull("cost");
        }
        Optional<RequestPreview> preview = report.preview();
        if (preview.isPresent()) {
            ObjectNode r = n.putObject("request");
            r.put("method", preview.get().method());
            r.put("url", preview.get().url());
            ObjectNode h = r.putObject("headers");
            preview.get().headers().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> h.put(e.getKey(), Redaction.header(e.getKey(), e.getValue())));
            r.put("body", Redaction.redact(preview.get().body()));
        } else {
            n.putNull("request");
        }
        return n;
    }

    private static void putInt(ObjectNode o, String name, Optional<Integer> v) {
        if (v.isPresent()) {
            o.put(name, v.get());
        } else {
            o.putNull(name);
        }
    }

    /** Data URIs can be megabytes long; show their start only. */
    public static String abbreviate(String given) {
        if (given != null && given.length() > 120 && given.regionMatches(true, 0, "data:", 0, 5)) {
            return given.substring(0, 60) + "...(" + given.length() + " characters)";
        }
        return given;
    }

    // ---- models ----

    public ObjectNode models(List<ModelSpec> specs) {
        ObjectNode n = object();
        ArrayNode a = n.putArray("models");
        for (ModelSpec m : specs) {
            ObjectNode o = a.addObject();
            o.put("id", m.id());
            o.put("wire_family", m.wireFamily().name());
            ArrayNode regions = o.putArray("regions");
            m.regions().stream().sorted().forEach(r -> regions.add(r.id()));
            ImageRules ir = m.images();
            ObjectNode images = o.putObject("images");
            images.put("min", ir.minCount());
            images.put("max", ir.maxCount());
            ArrayNode formats = images.putArray("formats");
            ir.formats().stream().sorted().map(ImageFormat::name).forEach(formats::add);
            images.put("min_side", ir.minSide());
            images.put("max_side", ir.maxSide());
            images.put("max_bytes", ir.maxBytes());
            images.put("alpha", ir.alphaAllowed());
            ObjectNode prompt = o.putObject("prompt");
            prompt.put("required", m.text().promptRequired());
            prompt.put("max_chars", m.text().promptMax());
            if (m.text().negativeMax().isPresent()) {
                prompt.put("negative_max_chars", m.text().negativeMax().getAsInt());
            } else {
                prompt.putNull("negative_max_chars");
            }
            prompt.put("truncated_by_service", m.text().serverTruncates());
            SizeRules sr = m.size();
            ObjectNode size = o.putObject("size");
            size.put("explicit", sr.explicitAllowed());
            size.put("min_pixels", sr.minPixels());
            size.put("max_pixels", sr.maxPixels());
            size.put("max_pixels_text_to_image", sr.maxPixelsTextToImage());
            ArrayNode presets = size.putArray("presets");
            sr.presets().stream().sorted().map(SizePreset::label).forEach(presets::add);
            size.put("default", sr.defaultPreset().map(SizePreset::label).orElse(null));
            CountRules cr = m.count();
            ObjectNode count = o.putObject("n");
            count.put("min", cr.min());
            count.put("max", cr.max());
            count.put("server_default", cr.serverDefault());
            count.put("sequential_max", cr.sequentialMax());
            ArrayNode features = o.putArray("features");
            m.features().stream().sorted().forEach(f -> features.add(f.field()));
            ArrayNode functions = o.putArray("functions");
            m.functions().stream().sorted(Comparator.comparing(EditFunction::ordinal)).forEach(f -> {
                ObjectNode fo = functions.addObject();
                fo.put("name", f.wireName());
                fo.put("mask", f.requiresMask());
                ArrayNode ps = fo.putArray("params");
                for (ParamSpec p : f.params().values()) {
                    ObjectNode po = ps.addObject();
                    po.put("name", p.name());
                    po.put("type", p.type().name());
                    po.put("min", p.min() == null ? null : p.min().toPlainString());
                    po.put("max", p.max() == null ? null : p.max().toPlainString());
                    po.put("default", String.valueOf(p.defaultValue()));
                }
            });
            ObjectNode prices = o.putObject("prices");
            m.prices().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
                ObjectNode p = prices.putObject(e.getKey().id());
                p.put("amount", e.getValue().amount());
                p.put("currency", e.getValue().currency());
            });
            if (m.limits().isPresent()) {
                ObjectNode l = o.putObject("limits");
                l.put("submits_per_second", m.limits().get().submitsPerSecond());
                l.put("concurrent_tasks", m.limits().get().concurrentTasks());
                l.put("confirmed", m.limits().get().confirmed());
            } else {
                o.putNull("limits");
            }
        }
        return n;
    }

    // ---- errors ----

    public ObjectNode error(String code, String message, int exitCode, String serviceCode, String requestId) {
        ObjectNode n = object();
        ObjectNode e = n.putObject("error");
        e.put("code", code);
        e.put("message", message);
        e.put("exit_code", exitCode);
        e.put("service_code", serviceCode == null || serviceCode.isEmpty() ? null : serviceCode);
        e.put("request_id", requestId == null || requestId.isEmpty() ? null : requestId);
        return n;
    }
}
