package dev.wanedit.adapter.dashscope;

import dev.wanedit.adapter.dashscope.dto.CreateTaskRequest;
import dev.wanedit.adapter.dashscope.dto.FunctionInput;
import dev.wanedit.adapter.dashscope.dto.ImagesInput;
import dev.wanedit.adapter.dashscope.dto.MessagesInput;
import dev.wanedit.adapter.dashscope.dto.PaletteEntry;
import dev.wanedit.adapter.dashscope.dto.TaskListResponse;
import dev.wanedit.adapter.dashscope.dto.TaskResponse;
import dev.wanedit.application.port.out.RemoteTaskSummary;
import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.job.Usage;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.OutputSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Maps domain requests to the three wire shapes and replies back to the domain. Pure functions,
 * no I/O. The service writes times in UTC+8 without a zone marker, with or without milliseconds
 * (protocol §3.4); the task list uses {@code YYYYMMDDhhmmss} in UTC+8 and epoch milliseconds.
 */
final class DashScopeMapper {

    /** The service's wall-clock zone (protocol §3.4: submit_time 17:38 came with Date 09:38 GMT). */
    static final ZoneOffset SERVICE_ZONE = ZoneOffset.ofHours(8);

    private static final DateTimeFormatter TASK_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final DateTimeFormatter LIST_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private DashScopeMapper() {
    }

    // ---------------------------------------------------------------- requests

    /**
     * The create body of a request.
     *
     * @param wireImages the wire value of each input image, in order
     * @param wireMask the wire value of the mask, if any
     */
    static CreateTaskRequest createBody(EditRequest request, List<String> wireImages, Optional<String> wireMask) {
        String model = request.model().id();
        OutputSpec out = request.output();
        switch (request.model().wireFamily()) {
            case IMAGES: {
                ImagesInput input = new ImagesInput(request.prompt(), List.copyOf(wireImages),
                        request.negativePrompt().orElse(null));
                Map<String, Object> p = new LinkedHashMap<>();
                putIfPresent(p, "size", out.size().wireValue());
                p.put("n", out.n()); // always sent: the server's default is 4 and every image is billed
                if (out.seed().isPresent()) {
                    p.put("seed", out.seed().getAsLong());
                }
                out.watermark().ifPresent(w -> p.put("watermark", w));
                out.promptExtend().ifPresent(x -> p.put("prompt_extend", x));
                return new CreateTaskRequest(model, input, p);
            }
            case FUNCTION: {
                EditFunction f = request.function().orElseThrow(
                        () -> new IllegalArgumentException("a wanx2.1-imageedit request needs a function"));
                FunctionInput input = new FunctionInput(f.wireName(), request.prompt(),
                        wireImages.isEmpty() ? null : wireImages.get(0), wireMask.orElse(null));
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("n", out.n());
                if (out.seed().isPresent()) {
                    p.put("seed", out.seed().getAsLong());
                }
                out.watermark().ifPresent(w -> p.put("watermark", w));
                // Typed by the domain (Integer, Double, Boolean), in the order given (protocol §1.2).
                p.putAll(request.functionParams());
                return new CreateTaskRequest(model, input, p);
            }
            case MESSAGES: {
                List<MessagesInput.ContentItem> content = new ArrayList<>();
                content.add(MessagesInput.ContentItem.text(request.prompt()));
                wireImages.forEach(i -> content.add(MessagesInput.ContentItem.image(i)));
                MessagesInput input = new MessagesInput(List.of(new MessagesInput.Message("user", content)));
                Map<String, Object> p = new LinkedHashMap<>();
                putIfPresent(p, "size", out.size().wireValue());
                p.put("n", out.n());
                if (out.sequential()) {
                    p.put("enable_sequential", true);
                }
                if (!out.boxes().isEmpty()) {
                    p.put("bbox_list", boxes(out.boxes()));
                }
                if (!out.palette().isEmpty()) {
                    // Percent strings "60.00%" per W27/SKILL; the Java SDK's Double in [0,1] disagrees (protocol §2.2).
                    p.put("color_palette", out.palette().stream().map(c -> new PaletteEntry(c.hex(), c.ratio())).toList());
                }
                // A boolean per W27/SKILL; the Java and Python SDKs type it as a string (protocol §2.2).
                out.thinkingMode().ifPresent(t -> p.put("thinking_mode", t));
                out.watermark().ifPresent(w -> p.put("watermark", w));
                if (out.seed().isPresent()) {
                    p.put("seed", out.seed().getAsLong());
                }
                return new CreateTaskRequest(model, input, p);
            }
            default:
                throw new IllegalStateException("unknown wire family " + request.model().wireFamily());
        }
    }

    private static List<List<List<Integer>>> boxes(List<List<BoundingBox>> perImage) {
        List<List<List<Integer>>> all = new ArrayList<>();
        for (List<BoundingBox> boxes : perImage) {
            all.add(boxes.stream().map(b -> List.of(b.x1(), b.y1(), b.x2(), b.y2())).toList());
        }
        return all;
    }

    private static void putIfPresent(Map<String, Object> p, String name, Object value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    // ---------------------------------------------------------------- replies

    /** A task reply (create, query or sync call) as a snapshot; {@code fallbackTaskId} when the reply has none. */
    static TaskSnapshot snapshot(TaskResponse reply, String fallbackTaskId) {
        TaskResponse.Output out = reply.output();
        if (out == null) {
            return TaskSnapshot.of(fallbackTaskId, RemoteStatus.UNKNOWN);
        }
        String taskId = nonBlank(out.taskId()).orElse(fallbackTaskId);
        RemoteStatus status = status(out.taskStatus(), out);
        List<RemoteResult> results = new ArrayList<>();
        if (out.results() != null) {
            int i = 0;
            for (TaskResponse.Result r : out.results()) {
                results.add(result(i++, r));
            }
        }
        if (out.choices() != null) {
            int i = results.size();
            for (TaskResponse.Choice c : out.choices()) {
                if (c == null || c.message() == null || c.message().content() == null) {
                    continue;
                }
                for (TaskResponse.Content item : c.message().content()) {
                    Optional<URI> url = item == null ? Optional.empty() : uri(item.image());
                    if (url.isPresent()) {
                        results.add(new RemoteResult(i++, url, Optional.empty(), Optional.empty(), Optional.empty()));
                    }
                }
            }
        }
        Optional<String> code = nonBlank(out.code()).or(() -> nonBlank(reply.code()));
        Optional<String> message = nonBlank(out.message()).or(() -> nonBlank(reply.message()));
        if (status != RemoteStatus.FAILED) {
            // Only a failed task carries a task-level code; success replies often hold "" or null here.
            code = code.filter(c -> status == RemoteStatus.UNKNOWN);
            message = message.filter(m -> status == RemoteStatus.UNKNOWN);
        }
        return new TaskSnapshot(taskId, status, time(out.submitTime()), time(out.scheduledTime()), time(out.endTime()),
                results, usage(reply.usage()), code, message, echo(reply));
    }

    /**
     * What a task answer repeats of its request: the prompt as sent ({@code orig_prompt} on the
     * results, seed 000), the images asked for ({@code task_metrics.TOTAL}) and the output size
     * ({@code usage.size}).
     */
    static TaskSnapshot.RequestEcho echo(TaskResponse reply) {
        Optional<String> prompt = Optional.empty();
        if (reply.output() != null && reply.output().results() != null) {
            prompt = reply.output().results().stream().filter(java.util.Objects::nonNull)
                    .map(TaskResponse.Result::origPrompt).filter(p -> p != null && !p.isEmpty()).findFirst();
        }
        Integer total = metrics(reply).get("TOTAL");
        return new TaskSnapshot.RequestEcho(prompt, total == null ? OptionalInt.empty() : OptionalInt.of(total),
                reply.usage() == null ? Optional.empty() : nonBlank(reply.usage().size()));
    }

    /** The task metrics (plural, or the singular {@code task_metric} of newer replies). */
    static Map<String, Integer> metrics(TaskResponse reply) {
        if (reply.output() == null) {
            return Map.of();
        }
        Map<String, Integer> m = reply.output().taskMetrics() != null ? reply.output().taskMetrics()
                : reply.output().taskMetric();
        return m == null ? Map.of() : Map.copyOf(m);
    }

    private static RemoteResult result(int index, TaskResponse.Result r) {
        if (r == null) {
            return RemoteResult.failure(index, "NoResult", null);
        }
        Optional<URI> url = uri(r.url());
        if (url.isPresent()) {
            return new RemoteResult(index, url, nonBlank(r.actualPrompt()), Optional.empty(), Optional.empty());
        }
        return new RemoteResult(index, Optional.empty(), Optional.empty(), nonBlank(r.code()).or(() -> Optional.of("NoResult")),
                nonBlank(r.message()));
    }

    static RemoteStatus status(String wire, TaskResponse.Output out) {
        if (wire == null || wire.isBlank()) {
            // A synchronous wan2.7 reply carries no status: finished with images means success.
            boolean hasImages = out != null && out.choices() != null && !out.choices().isEmpty();
            return hasImages || (out != null && Boolean.TRUE.equals(out.finished())) ? RemoteStatus.SUCCEEDED
                    : RemoteStatus.UNKNOWN;
        }
        switch (wire.trim().toUpperCase(Locale.ROOT)) {
            case "PENDING":
                return RemoteStatus.PENDING;
            case "RUNNING":
                return RemoteStatus.RUNNING;
            case "SUCCEEDED":
                return RemoteStatus.SUCCEEDED;
            case "FAILED":
                return RemoteStatus.FAILED;
            case "CANCELED":
            case "CANCELLED":
                return RemoteStatus.CANCELED;
            default:
                return RemoteStatus.UNKNOWN;
        }
    }

    static Optional<Usage> usage(TaskResponse.UsageDto u) {
        if (u == null) {
            return Optional.empty();
        }
        boolean nothing = u.imageCount() == null && u.size() == null && u.width() == null;
        if (nothing) {
            return Optional.empty(); // a create reply's {input_tokens:0, output_tokens:0} says nothing
        }
        Optional<String> size = nonBlank(u.size());
        if (size.isEmpty() && u.width() != null && u.height() != null) {
            size = Optional.of(u.width() + "*" + u.height());
        }
        return Optional.of(new Usage(u.imageCount() == null ? 0 : Math.max(0, u.imageCount()), size,
                u.inputTokens() == null ? OptionalInt.empty() : OptionalInt.of(u.inputTokens()),
                u.outputTokens() == null ? OptionalInt.empty() : OptionalInt.of(u.outputTokens())));
    }

    /** Parses a UTC+8 wall-clock time, with or without fraction; empty when absent or malformed. */
    static Optional<Instant> time(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text.trim(), TASK_TIME).toInstant(SERVICE_ZONE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code YYYYMMDDhhmmss} in UTC+8, for the task list. */
    static String listTime(Instant instant) {
        return LIST_TIME.format(instant.atOffset(SERVICE_ZONE));
    }

    static Optional<RemoteTaskSummary> summary(TaskListResponse.Item item) {
        if (item == null || item.taskId() == null || item.taskId().isBlank()) {
            return Optional.empty();
        }
        Long created = item.gmtCreate() != null ? item.gmtCreate() : item.startTime();
        return Optional.of(new RemoteTaskSummary(item.taskId(), item.modelName() == null ? "" : item.modelName(),
                status(item.status(), null), created == null ? Instant.EPOCH : Instant.ofEpochMilli(created),
                nonBlank(item.apiKeyId())));
    }

    static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    private static Optional<URI> uri(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(s.trim()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
