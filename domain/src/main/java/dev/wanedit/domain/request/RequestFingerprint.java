package dev.wanedit.domain.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What makes two requests the same request: the canonical text of every field that changes what
 * the service would do, in a fixed order (local and inline images by content digest when known),
 * and its SHA-256. The journal finds a request's earlier job by it, so it never pays twice.
 */
final class RequestFingerprint {

    private RequestFingerprint() {
    }

    /** The canonical text of {@code r}. */
    static String canonicalForm(EditRequest r) {
        OutputSpec output = r.output();
        StringBuilder b = new StringBuilder();
        line(b, "model", r.model().id());
        line(b, "region", r.region().id());
        line(b, "prompt", r.prompt());
        line(b, "negative_prompt", r.negativePrompt().orElse(""));
        for (int i = 0; i < r.images().size(); i++) {
            line(b, "images[" + i + "]", identity(r.images().get(i)));
        }
        r.mask().ifPresent(m -> line(b, "mask", identity(m)));
        r.function().ifPresent(f -> line(b, "function", f.wireName()));
        new TreeMap<>(r.functionParams()).forEach((k, v) -> line(b, "param." + k, String.valueOf(v)));
        line(b, "size", String.valueOf(output.size().wireValue()));
        line(b, "n", String.valueOf(output.n()));
        line(b, "seed", output.seed().isPresent() ? String.valueOf(output.seed().getAsLong()) : "");
        line(b, "watermark", output.watermark().map(String::valueOf).orElse(""));
        line(b, "prompt_extend", output.promptExtend().map(String::valueOf).orElse(""));
        line(b, "sequential", String.valueOf(output.sequential()));
        line(b, "bbox_list", output.boxes().toString());
        line(b, "color_palette", output.palette().stream().map(p -> p.hex() + ":" + p.ratio()).toList().toString());
        line(b, "thinking_mode", output.thinkingMode().map(String::valueOf).orElse(""));
        return b.toString();
    }

    /** The hex SHA-256 of {@link #canonicalForm}. */
    static String of(EditRequest r) {
        return sha256(canonicalForm(r));
    }

    private static String identity(ImageInput in) {
        Optional<String> digest = in.facts().flatMap(ImageFacts::sha256);
        if (digest.isPresent()) {
            return "sha256:" + digest.get();
        }
        if (in instanceof ImageInput.InlineImage inline) {
            return "sha256:" + sha256(inline.dataUri());
        }
        if (in instanceof ImageInput.RemoteImage remote) {
            return remote.url().toString(); // the query may address a different image
        }
        return in.reference();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=').append(value.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
}
