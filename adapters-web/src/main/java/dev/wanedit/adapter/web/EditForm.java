package dev.wanedit.adapter.web;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.PaletteColor;
import dev.wanedit.domain.request.Violation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The studio's edit form as the page posts it ({@code application/x-www-form-urlencoded}), turned
 * into the same {@link EditRequestDraft} the command line fills from its options. What cannot even be
 * parsed (a seed that is not a number, a malformed box) is collected as violations on the field,
 * so the page shows them beside every other problem at once.
 *
 * <p>Fields: {@code model}, {@code region}, {@code prompt}, {@code negative_prompt}, {@code image}
 * (repeated, in order) with one {@code bbox} per image ({@code x1,y1,x2,y2;...}, empty for none),
 * {@code function}, {@code param.NAME}, {@code size}, {@code n} (default 1), {@code seed},
 * {@code watermark}, {@code prompt_extend}, {@code sequential}, {@code thinking_mode},
 * {@code palette} ({@code #RRGGBB:PCT,...}), {@code strict}, and the mask: {@code mask} (a
 * reference) or {@code mask_png} (the painter's PNG as a data URL, which the studio stores first).
 */
final class EditForm {

    final Map<String, List<String>> values;

    private EditForm(Map<String, List<String>> values) {
        this.values = values;
    }

    static EditForm parse(String body) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String val = eq < 0 ? "" : decode(pair.substring(eq + 1));
                v.computeIfAbsent(k, x -> new ArrayList<>()).add(val);
            }
        }
        return new EditForm(v);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    Optional<String> first(String name) {
        List<String> l = values.get(name);
        return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The value when given and not blank. */
    Optional<String> text(String name) {
        return first(name).map(String::strip).filter(s -> !s.isEmpty());
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The edit, and what could not be parsed. */
    record Parsed(EditRequestDraft edit, List<Violation> problems) {
    }

    /**
     * @param mask the stored mask's path when the page sent a painted one (else the {@code mask} field)
     */
    Parsed edit(Region defaultRegion, Optional<String> mask) {
        List<Violation> problems = new ArrayList<>();
        String model = text("model").orElse("");
        EditRequestDraft b = EditRequest.draft(model);
        Region region = defaultRegion;
        Optional<String> r = text("region");
        if (r.isPresent()) {
            try {
                region = Region.parse(r.get());
            } catch (IllegalArgumentException e) {
                problems.add(Violation.error("region", "\"" + r.get() + "\"", "is not one of beijing, singapore"));
            }
        }
        b.region(region);
        b.prompt(first("prompt").orElse(null));
        text("negative_prompt").ifPresent(b::negativePrompt);
        List<String> images = all("image").stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        images.forEach(b::image);
        List<String> bbox = all("bbox");
        if (bbox.stream().anyMatch(s -> !s.isBlank())) {
            List<List<BoundingBox>> boxes = new ArrayList<>();
            for (int i = 0; i < bbox.size(); i++) {
                try {
                    boxes.add(BoundingBox.parseList(bbox.get(i)));
                } catch (IllegalArgumentException e) {
                    problems.add(Violation.error("bbox_list[" + i + "]", "\"" + bbox.get(i) + "\"", e.getMessage()));
                    boxes.add(List.of());
                }
            }
            b.boxes(boxes);
        }
        text("function").ifPresent(b::function);
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getKey().startsWith("param.") && !e.getValue().isEmpty() && !e.getValue().get(0).isBlank()) {
                b.param(e.getKey().substring("param.".length()), e.getValue().get(0).strip());
            }
        }
        text("size").ifPresent(b::size);
        b.n(integer("n", problems).orElse(1));
        text("seed").ifPresent(s -> {
            try {
                b.seed(Long.parseLong(s));
            } catch (NumberFormatException e) {
                problems.add(Violation.error("seed", "\"" + s + "\"", "must be a whole number from 0 to 2147483647"));
            }
        });
        if (flag("watermark")) {
            b.watermark(Boolean.TRUE);
        }
        text("prompt_extend").ifPresent(s -> b.promptExtend(Boolean.valueOf(s.equalsIgnoreCase("true"))));
        if (flag("sequential")) {
            b.sequential(Boolean.TRUE);
        }
        if (flag("thinking_mode")) {
            b.thinkingMode(Boolean.TRUE);
        }
        text("palette").ifPresent(p -> {
            List<PaletteColor> colors = new ArrayList<>();
            for (String part : p.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    colors.add(PaletteColor.parse(part.strip()));
                } catch (IllegalArgumentException e) {
                    problems.add(Violation.error("color_palette", "\"" + part.strip() + "\"", e.getMessage()));
                }
            }
            b.palette(colors);
        });
        b.strict(flag("strict"));
        mask.or(() -> text("mask")).ifPresent(b::mask);
        return new Parsed(b, problems);
    }

    private boolean flag(String name) {
        return first(name).map(s -> s.equals("on") || s.equalsIgnoreCase("true")).orElse(false);
    }

    private Optional<Integer> integer(String name, List<Violation> problems) {
        Optional<String> t = text(name);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(t.get()));
        } catch (NumberFormatException e) {
            problems.add(Violation.error(name, "\"" + t.get() + "\"", "must be a whole number"));
            return Optional.empty();
        }
    }
}
