package dev.wanedit.adapter.storage;

import static dev.wanedit.adapter.storage.JsonFields.bool;
import static dev.wanedit.adapter.storage.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.OutputSpec;
import dev.wanedit.domain.request.PaletteColor;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An edit request as JSON, the one shape the journal's request column and the result sidecars
 * share: rebuilt through {@link EditRequest#draft} and {@code restore()}, so a stored request has the
 * same fingerprint and is not held to rules newer than it.
 */
public final class RequestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What becomes of an inline ({@code data:}) image. */
    public enum Inline {
        /** Kept whole: the journal must be able to send the request again. */
        KEEP,
        /** Described by its facts and digest only: a sidecar never holds image data. */
        DIGEST_ONLY
    }

    private RequestJson() {
    }


    public static ObjectNode node(EditRequest r, Inline inline) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("model", r.model().id());
        o.put("region", r.region().id());
        o.put("prompt", r.prompt());
        r.negativePrompt().ifPresent(n -> o.put("negative_prompt", n));
        ArrayNode images = o.putArray("images");
        r.images().forEach(i -> images.add(image(i, inline)));
        r.mask().ifPresent(m -> o.set("mask", image(m, inline)));
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
        return o;
    }

    public static EditRequest read(JsonNode o) {
        EditRequestDraft d = EditRequest.draft(o.path("model").asText())
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

    private static ObjectNode image(ImageInput in, Inline inline) {
        ObjectNode o = MAPPER.createObjectNode();
        if (in instanceof ImageInput.LocalImage l) {
            // Absolute, so that resume finds the file from any working directory; the fingerprint
            // is unchanged (it uses the content digest, or this same absolute reference).
            o.put("kind", "local").put("path", l.reference());
        } else if (in instanceof ImageInput.RemoteImage r) {
            // a sidecar names a URL without its query (a signature is a credential)
            o.put("kind", "remote").put("url", inline == Inline.KEEP ? r.url().toString() : r.reference());
        } else if (in instanceof ImageInput.InlineImage i) {
            if (inline == Inline.KEEP) {
                // The journal must be able to resend the request, so it keeps the data URI.
                o.put("kind", "data").put("data_uri", i.dataUri());
            } else {
                o.put("kind", "data"); // its facts (with the digest) below; never the data itself
            }
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
                if (!o.hasNonNull("data_uri")) {
                    throw new IllegalStateException("an inline image is described by its digest only; its data is not kept here");
                }
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
}
