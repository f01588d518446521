package dev.wanedit.domain.request;

import static dev.wanedit.domain.request.RuleAssertions.assertAccepted;
import static dev.wanedit.domain.request.RuleAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.domain.catalog.SizePreset;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Boundaries of the output rules: size, n, seed, presets, bounding boxes, colour palette. */
class OutputRulesBoundaryTest {

    /** Drafts by mode name: edit (one 1024x768 input), t2i (no input), set (sequential, no input). */
    private static EditRequestDraft draft(String model, String mode) {
        return switch (mode) {
            case "edit" -> EditRequests.forModel(model);
            case "t2i" -> EditRequests.textToImage(model);
            case "set" -> EditRequests.textToImage(model).sequential(true);
            default -> throw new IllegalArgumentException(mode);
        };
    }

    @ParameterizedTest(name = "{0} {1} size {2} is accepted")
    @CsvSource({
        "wan2.5-i2i-preview, edit, 768*768",
        "wan2.5-i2i-preview, edit, 1280*1280",
        "wan2.5-i2i-preview, edit, 2000*500",
        "wan2.5-i2i-preview, edit, 500*2000",
        "wan2.7-image,       edit, 768*768",
        "wan2.7-image,       edit, 2048*2048",
        "wan2.7-image,       edit, 4000*500",
        "wan2.7-image,       edit, 500*4000",
        "wan2.7-image,       t2i,  2048*2048",
        "wan2.7-image,       set,  2048*2048",
        "wan2.7-image-pro,   edit, 768*768",
        "wan2.7-image-pro,   edit, 2048*2048",
        "wan2.7-image-pro,   edit, 4000*500",
        "wan2.7-image-pro,   edit, 500*4000",
        "wan2.7-image-pro,   t2i,  768*768",
        "wan2.7-image-pro,   t2i,  4096*4096",
        "wan2.7-image-pro,   set,  2048*2048",
    })
    void build_explicitSizeAtBound_accepted(String model, String mode, String size) {
        EditRequest r = assertAccepted(draft(model, mode).size(size));
        assertThat(r.output().size().wireValue()).isEqualTo(size);
    }

    @ParameterizedTest(name = "{0} {1} size {2} is rejected: {3}")
    @CsvSource(delimiter = '|', value = {
        "wan2.5-i2i-preview | edit | 768*767   | 589056 pixels is outside [768*768, 1280*1280] for wan2.5-i2i-preview",
        "wan2.5-i2i-preview | edit | 1280*1281 | 1639680 pixels is outside [768*768, 1280*1280] for wan2.5-i2i-preview",
        "wan2.5-i2i-preview | edit | 2001*500  | aspect ratio is outside 1:4 to 4:1 for wan2.5-i2i-preview",
        "wan2.5-i2i-preview | edit | 500*2001  | aspect ratio is outside 1:4 to 4:1 for wan2.5-i2i-preview",
        "wan2.7-image       | edit | 768*767   | 589056 pixels is outside [768*768, 2048*2048] for wan2.7-image",
        "wan2.7-image       | edit | 2048*2049 | 4196352 pixels is outside [768*768, 2048*2048] for wan2.7-image",
        "wan2.7-image       | t2i  | 2048*2049 | 4196352 pixels is outside [768*768, 2048*2048] for wan2.7-image",
        "wan2.7-image       | edit | 4001*500  | aspect ratio is outside 1:8 to 8:1 for wan2.7-image",
        "wan2.7-image       | edit | 500*4001  | aspect ratio is outside 1:8 to 8:1 for wan2.7-image",
        "wan2.7-image-pro   | edit | 768*767   | 589056 pixels is outside [768*768, 2048*2048] for wan2.7-image-pro when editing",
        "wan2.7-image-pro   | edit | 2048*2049 | 4196352 pixels is outside [768*768, 2048*2048] for wan2.7-image-pro when editing",
        "wan2.7-image-pro   | edit | 4096*4096 | 16777216 pixels is outside [768*768, 2048*2048] for wan2.7-image-pro when editing",
        "wan2.7-image-pro   | set  | 2048*2049 | 4196352 pixels is outside [768*768, 2048*2048] for wan2.7-image-pro when editing or making image sets",
        "wan2.7-image-pro   | t2i  | 768*767   | 589056 pixels is outside [768*768, 4096*4096] for wan2.7-image-pro text-to-image",
        "wan2.7-image-pro   | t2i  | 4096*4097 | 16781312 pixels is outside [768*768, 4096*4096] for wan2.7-image-pro text-to-image",
        "wan2.7-image-pro   | edit | 4001*500  | aspect ratio is outside 1:8 to 8:1 for wan2.7-image-pro",
        "wan2.7-image-pro   | edit | 500*4001  | aspect ratio is outside 1:8 to 8:1 for wan2.7-image-pro",
    })
    void build_explicitSizeOutsideBound_rejectedNamingValueAndRule(String model, String mode, String size, String rule) {
        assertRejected(draft(model, mode).size(size), "size", "\"" + size + "\"", rule);
    }

    @ParameterizedTest(name = "{0} sequential={1} n={2} accepted={3}")
    @CsvSource({
        "wan2.5-i2i-preview, false, 1,  true",
        "wan2.5-i2i-preview, false, 4,  true",
        "wan2.5-i2i-preview, false, 0,  false",
        "wan2.5-i2i-preview, false, 5,  false",
        "wanx2.1-imageedit,  false, 1,  true",
        "wanx2.1-imageedit,  false, 4,  true",
        "wanx2.1-imageedit,  false, 0,  false",
        "wanx2.1-imageedit,  false, 5,  false",
        "wan2.7-image,       false, 1,  true",
        "wan2.7-image,       false, 4,  true",
        "wan2.7-image,       false, 0,  false",
        "wan2.7-image,       false, 5,  false",
        "wan2.7-image,       true,  1,  true",
        "wan2.7-image,       true,  12, true",
        "wan2.7-image,       true,  0,  false",
        "wan2.7-image,       true,  13, false",
        "wan2.7-image-pro,   false, 1,  true",
        "wan2.7-image-pro,   false, 4,  true",
        "wan2.7-image-pro,   false, 0,  false",
        "wan2.7-image-pro,   false, 5,  false",
        "wan2.7-image-pro,   true,  1,  true",
        "wan2.7-image-pro,   true,  12, true",
        "wan2.7-image-pro,   true,  0,  false",
        "wan2.7-image-pro,   true,  13, false",
    })
    void build_nAtOrOutsideRange_acceptedOrRejected(String model, boolean sequential, int n, boolean accepted) {
        EditRequestDraft d = EditRequests.forModel(model).n(n);
        if (sequential) {
            d.sequential(true);
        }
        if (accepted) {
            assertThat(assertAccepted(d).output().n()).isEqualTo(n);
        } else {
            int max = sequential ? 12 : 4;
            assertRejected(d, "n", "n " + n + ":", "must be from 1 to " + max + " for " + model
                    + (sequential ? " in image-set mode" : ""));
        }
    }

    @ParameterizedTest(name = "{0} seed {1} accepted={2}")
    @CsvSource({
        "wan2.5-i2i-preview, 0,          true",
        "wan2.5-i2i-preview, 2147483647, true",
        "wan2.5-i2i-preview, -1,         false",
        "wan2.5-i2i-preview, 2147483648, false",
        "wanx2.1-imageedit,  0,          true",
        "wanx2.1-imageedit,  2147483647, true",
        "wanx2.1-imageedit,  -1,         false",
        "wanx2.1-imageedit,  2147483648, false",
        "wan2.7-image,       0,          true",
        "wan2.7-image,       2147483647, true",
        "wan2.7-image,       -1,         false",
        "wan2.7-image,       2147483648, false",
        "wan2.7-image-pro,   0,          true",
        "wan2.7-image-pro,   2147483647, true",
        "wan2.7-image-pro,   -1,         false",
        "wan2.7-image-pro,   2147483648, false",
    })
    void build_seedAtOrOutsideRange_acceptedOrRejected(String model, long seed, boolean accepted) {
        EditRequestDraft d = EditRequests.forModel(model).seed(seed);
        if (accepted) {
            assertThat(assertAccepted(d).output().seed()).hasValue(seed);
        } else {
            assertRejected(d, "seed", "seed " + seed + ":", "must be from 0 to 2147483647");
        }
    }

    // ---- presets ----

    @ParameterizedTest(name = "{0} {1} preset {2} is accepted")
    @CsvSource({
        "wan2.7-image,     edit, 1K",
        "wan2.7-image,     edit, 2K",
        "wan2.7-image,     t2i,  1K",
        "wan2.7-image,     t2i,  2K",
        "wan2.7-image,     set,  2K",
        "wan2.7-image-pro, edit, 1K",
        "wan2.7-image-pro, edit, 2K",
        "wan2.7-image-pro, t2i,  1K",
        "wan2.7-image-pro, t2i,  2K",
        "wan2.7-image-pro, t2i,  4K",
        "wan2.7-image-pro, set,  1K",
        "wan2.7-image-pro, t2i,  4k",
    })
    void build_allowedPreset_accepted(String model, String mode, String preset) {
        EditRequest r = assertAccepted(draft(model, mode).size(preset));
        assertThat(r.output().size()).isEqualTo(new OutputSize.Preset(SizePreset.parse(preset).orElseThrow()));
    }

    @ParameterizedTest(name = "{0} {1} preset {2} is rejected: {3}")
    @CsvSource(delimiter = '|', value = {
        "wan2.7-image       | t2i  | 4K | wan2.7-image accepts only the presets 1K, 2K or W*H",
        "wan2.7-image       | edit | 4K | wan2.7-image accepts only the presets 1K, 2K or W*H",
        "wan2.7-image-pro   | edit | 4K | is allowed only for text-to-image with no input images and no image set",
        "wan2.7-image-pro   | set  | 4K | is allowed only for text-to-image with no input images and no image set",
        "wan2.5-i2i-preview | edit | 2K | wan2.5-i2i-preview accepts no presets, only W*H",
        "wan2.5-i2i-preview | edit | 1K | wan2.5-i2i-preview accepts no presets, only W*H",
    })
    void build_disallowedPreset_rejectedNamingPresetAndRule(String model, String mode, String preset, String rule) {
        assertRejected(draft(model, mode).size(preset), "size", "\"" + preset + "\"", rule);
    }

    // ---- bounding boxes (wan2.7) ----

    private static BoundingBox box(int x1, int y1, int x2, int y2) {
        return new BoundingBox(x1, y1, x2, y2);
    }

    static Stream<Arguments> boxes() {
        return Stream.of(
                Arguments.of(List.of(List.of(box(0, 0, 1024, 768))), null, null),
                Arguments.of(List.of(List.of(box(0, 0, 10, 10), box(10, 10, 1024, 768))), null, null),
                Arguments.of(List.of(List.of(box(0, 0, 10, 10), box(1, 1, 2, 2), box(3, 3, 4, 4))),
                        "bbox_list[0]", "bbox_list[0] 3 boxes: at most 2 boxes per image"),
                Arguments.of(List.of(List.of(box(0, 0, 1025, 768))), "bbox_list[0][0]",
                        "bbox_list[0][0] [0,0,1025,768]: lies outside image \"jpeg-1024x768.jpeg\" of 1024*768 px"),
                Arguments.of(List.of(List.of(box(0, 0, 1024, 769))), "bbox_list[0][0]",
                        "bbox_list[0][0] [0,0,1024,769]: lies outside image"),
                Arguments.of(List.of(List.of(), List.of()), "bbox_list",
                        "bbox_list 2 lists: needs one list per input image (1)"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("boxes")
    void build_boxesOnOneImage_acceptedOrRejected(List<List<BoundingBox>> boxes, String field, String message) {
        for (EditRequestDraft d : List.of(EditRequests.wan27().boxes(boxes), EditRequests.wan27Pro().boxes(boxes))) {
            if (field == null) {
                assertThat(assertAccepted(d).output().boxes()).isEqualTo(boxes);
            } else {
                assertRejected(d, field, message);
            }
        }
    }

    @Test
    void build_emptyListForImageWithoutBoxes_accepted() {
        EditRequestDraft d = EditRequests.wan27().image(Images.local("second.png", Facts.png(2000, 1000)))
                .boxes(List.of(List.of(), List.of(box(989, 515, 1138, 681))));
        assertThat(assertAccepted(d).output().boxes()).hasSize(2);
    }

    @Test
    void build_boxesForTextToImage_rejectedAsOneListPerImage() {
        assertRejected(EditRequests.textToImage().boxes(List.of(List.of(box(0, 0, 5, 5)))), "bbox_list",
                "1 lists", "needs one list per input image (0)");
    }

    @Test
    void build_boxOnRemoteImageWithoutFacts_notCheckedForFit() {
        EditRequestDraft d = EditRequests.wan27Pro().boxes(List.of(List.of(), List.of(box(0, 0, 9000, 9000))));
        d.image(Images.remote("https://example.com/b.png"));
        assertAccepted(d);
    }

    // ---- colour palette (wan2.7) ----

    private static List<PaletteColor> palette(String... percents) {
        List<PaletteColor> all = new ArrayList<>();
        for (int i = 0; i < percents.length; i++) {
            all.add(new PaletteColor(String.format("#%06X", i * 0x111111), new BigDecimal(percents[i])));
        }
        return all;
    }

    private static String[] equalShares(int count, String each, String last) {
        String[] s = new String[count];
        Arrays.fill(s, each);
        s[count - 1] = last;
        return s;
    }

    static Stream<Arguments> palettes() {
        return Stream.of(
                Arguments.of(palette("33.33", "33.33", "33.34"), null),
                Arguments.of(palette(equalShares(10, "10", "10")), null),
                Arguments.of(palette("50", "50"), "color_palette 2 colours: needs 3 to 10 colours"),
                Arguments.of(palette(equalShares(11, "9", "10")), "color_palette 11 colours: needs 3 to 10 colours"),
                Arguments.of(palette("33.33", "33.33", "33.33"), "color_palette 99.99%: shares must sum to 100.00%"),
                Arguments.of(palette("33.33", "33.33", "33.35"), "color_palette 100.01%: shares must sum to 100.00%"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("palettes")
    void build_paletteCountAndSum_acceptedOrRejected(List<PaletteColor> colours, String message) {
        for (EditRequestDraft d : List.of(EditRequests.wan27().palette(colours), EditRequests.textToImage().palette(colours))) {
            if (message == null) {
                assertThat(assertAccepted(d).output().palette()).isEqualTo(colours);
            } else {
                assertRejected(d, "color_palette", message);
            }
        }
    }

    @Test
    void build_paletteInImageSetMode_rejected() {
        assertRejected(EditRequests.textToImage().sequential(true).palette(palette("50", "30", "20")), "color_palette",
                "applies only without image-set mode");
    }
}
