package dev.wanedit.adapter.cli;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.PaletteColor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The option groups of {@code edit}, {@code generate} and {@code validate}, as picocli mixins. */
final class EditOptions {

    private EditOptions() {
    }

    /** What to ask for: model, prompts and output settings. */
    static class Request {

        @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
                description = "wan2.5-i2i-preview, wanx2.1-imageedit, wan2.7-image or wan2.7-image-pro (`wanedit models`).")
        String model;

        /** For the commands that have no default model (edit, validate). */
        void requireModel(picocli.CommandLine.Model.CommandSpec spec) {
            if (model == null || model.isBlank()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Missing required option: '--model=MODEL' (`wanedit models` lists them)");
            }
        }

        @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "What to do with the image(s).")
        String prompt;

        @Option(names = {"--negative", "--negative-prompt"}, paramLabel = "TEXT", description = "What to avoid (wan2.5).")
        String negative;

        @Option(names = {"-n", "--count"}, paramLabel = "N",
                description = "How many images to make (default 1; every image is billed).")
        Integer n;

        @Option(names = "--size", paramLabel = "SIZE", description = "W*H (e.g. 1280*720) or, for wan2.7, 1K, 2K or 4K.")
        String size;

        @Option(names = "--seed", paramLabel = "SEED", description = "0 to 2147483647, for repeatable results.")
        Long seed;

        @Option(names = "--watermark", description = "Ask for the service's watermark.")
        boolean watermark;

        @Option(names = "--no-prompt-extend", description = "Do not let the service rewrite the prompt (wan2.5).")
        boolean noPromptExtend;

        @Option(names = "--sequential", description = "Make an image set (wan2.7; n up to 12).")
        boolean sequential;

        @Option(names = "--palette", paramLabel = "#RRGGBB:PCT", split = ",", converter = Converters.PaletteConverter.class,
                description = "A colour and its share in percent, e.g. #C2D1E6:60 (wan2.7; repeatable).")
        List<PaletteColor> palette = new ArrayList<>();

        @Option(names = "--thinking-mode", description = "Let wan2.7 plan before drawing (slower).")
        boolean thinkingMode;

        @Option(names = "--strict", description = "Treat warnings (text the service would truncate, a misnamed file, a grey mask, a URL fragment) as errors.")
        boolean strict;
    }

    /** The inputs of an edit. */
    static class Images {

        @Option(names = {"-i", "--image"}, paramLabel = "IMAGE",
                description = "An input image: a local file, an http(s) URL or oss://bucket/key (repeatable, in order).")
        List<String> images = new ArrayList<>();

        @Option(names = "--mask", paramLabel = "FILE", description = "The mask for description_edit_with_mask (white = edit).")
        String mask;

        @Option(names = "--function", paramLabel = "F",
                description = "The wanx2.1-imageedit function, e.g. description_edit, expand, super_resolution.")
        String function;

        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A function parameter, e.g. upscale_factor=2 (repeatable).")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = "--bbox", paramLabel = "BOXES",
                description = "wan2.7 boxes, one --bbox per input image in order: x1,y1,x2,y2 boxes separated by ';', "
                        + "or \"\" for an image without boxes.")
        List<String> bbox = new ArrayList<>();

        /** The boxes, one list per image. */
        List<List<BoundingBox>> boxes(CommandSpec spec) {
            List<List<BoundingBox>> all = new ArrayList<>();
            Converters.BoxesConverter c = new Converters.BoxesConverter();
            for (String b : bbox) {
                try {
                    all.add(c.convert(b));
                } catch (TypeConversionException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "Invalid value for option '--bbox': " + e.getMessage());
                }
            }
            return all;
        }
    }

    /** How to run the job. */
    static class Run {

        @Option(names = "--sync", description = "One synchronous call instead of a task (wan2.7 only).")
        boolean sync;

        @Option(names = "--detach", description = "Submit and return; collect later with `wanedit wait JOB`.")
        boolean detach;

        @Option(names = "--force", description = "Submit even if the same request already has an unfinished job.")
        boolean force;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = Converters.DurationConverter.class,
                description = "How long to wait for the results, e.g. 90s, 10m, 1h (default ${DEFAULT-VALUE}); the job stays resumable.")
        Duration timeout;

        @Option(names = "--cancel-on-interrupt", description = "On Ctrl-C, cancel the task if it is still PENDING instead of leaving it resumable.")
        boolean cancelOnInterrupt;
    }

    /** Every option of an edit with input images ({@code edit}, {@code validate}), in this order in the help. */
    static class Edit {

        @Mixin
        Request request = new Request();

        @Mixin
        Images images = new Images();

        @Mixin
        Run run = new Run();

        /** The edit these options state, for {@code region}; the model is required. */
        EditRequestDraft draft(Region region, CommandSpec spec) {
            request.requireModel(spec);
            return toDraft(request.model, region, request, images, spec);
        }
    }

    /** The edit these options state, images as references; {@code n} is 1 unless given. */
    static EditRequestDraft toDraft(String model, Region region, Request r, Images i, CommandSpec spec) {
        EditRequestDraft b = EditRequest.draft(model)
                .region(region)
                .prompt(r.prompt)
                .negativePrompt(r.negative)
                .size(r.size)
                .n(r.n == null ? 1 : r.n)
                .seed(r.seed)
                .watermark(r.watermark ? Boolean.TRUE : null)
                .promptExtend(r.noPromptExtend ? Boolean.FALSE : null)
                .sequential(r.sequential ? Boolean.TRUE : null)
                .palette(r.palette)
                .thinkingMode(r.thinkingMode ? Boolean.TRUE : null)
                .strict(r.strict);
        if (i != null) {
            i.images.forEach(b::image);
            b.mask(i.mask).function(i.function).boxes(i.boxes(spec));
            i.params.forEach(b::param);
        }
        return b;
    }
}
