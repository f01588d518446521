package dev.wanedit.domain.request;

import static dev.wanedit.domain.request.RuleAssertions.assertAccepted;
import static dev.wanedit.domain.request.RuleAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Boundaries of the input-image rules of every model: count, sides, aspect ratio, file size. */
class ImageRulesBoundaryTest {

    private static final String WAN25 = ModelCatalog.WAN25_I2I;
    private static final String WANX21 = ModelCatalog.WANX21_IMAGEEDIT;
    private static final String WAN27 = ModelCatalog.WAN27_IMAGE;
    private static final String PRO = ModelCatalog.WAN27_IMAGE_PRO;

    /** A draft of the model with {@code count} 1024x768 JPEG inputs (PNG for wanx2.1). */
    private static EditRequestDraft withImages(String model, int count) {
        EditRequestDraft d = baseWithoutImages(model);
        IntStream.range(0, count).forEach(i -> d.image(Images.local("in" + i + ".jpg", Facts.jpeg(1024, 768))));
        return d;
    }

    private static EditRequestDraft baseWithoutImages(String model) {
        return switch (model) {
            case ModelCatalog.WANX21_IMAGEEDIT -> EditRequest.draft(model).prompt(EditRequests.PROMPT).function("description_edit").n(1);
            default -> EditRequest.draft(model).prompt(EditRequests.PROMPT).n(1);
        };
    }

    @ParameterizedTest(name = "{0} with {1} image(s) is accepted")
    @CsvSource({
        "wan2.5-i2i-preview, 1",
        "wan2.5-i2i-preview, 3",
        "wanx2.1-imageedit,  1",
        "wan2.7-image,       0",
        "wan2.7-image,       9",
        "wan2.7-image-pro,   0",
        "wan2.7-image-pro,   9",
    })
    void build_imageCountAtBound_accepted(String model, int count) {
        EditRequest r = assertAccepted(withImages(model, count));
        assertThat(r.images()).hasSize(count);
    }

    @ParameterizedTest(name = "{0} with {1} image(s) is rejected: {2}")
    @CsvSource(delimiter = '|', value = {
        "wan2.5-i2i-preview | 0  | images     | 0 given  | takes 1 to 3 input images",
        "wan2.5-i2i-preview | 4  | images     | 4 given  | takes 1 to 3 input images",
        "wanx2.1-imageedit  | 0  | base_image | 0 given  | takes exactly 1 input image",
        "wanx2.1-imageedit  | 2  | base_image | 2 given  | takes exactly 1 input image",
        "wan2.7-image       | 10 | images     | 10 given | takes 0 to 9 input images",
        "wan2.7-image-pro   | 10 | images     | 10 given | takes 0 to 9 input images",
    })
    void build_imageCountOutsideBound_rejectedNamingCountAndRule(String model, int count, String field, String value,
                                                                   String rule) {
        assertRejected(withImages(model, count), field, value, rule, model);
    }

    /** One row per side bound of each model: width/height, min/max, inside and outside. */
    static Stream<Arguments> sides() {
        return Stream.of(
                // model, width, height, accepted, field fragment
                Arguments.of(WAN25, 384, 1000, null), Arguments.of(WAN25, 383, 1000, "width 383 px is below the minimum 384 px"),
                Arguments.of(WAN25, 5000, 1000, null), Arguments.of(WAN25, 5001, 1000, "width 5001 px is above the maximum 5000 px"),
                Arguments.of(WAN25, 1000, 384, null), Arguments.of(WAN25, 1000, 383, "height 383 px is below the minimum 384 px"),
                Arguments.of(WAN25, 1000, 5000, null), Arguments.of(WAN25, 1000, 5001, "height 5001 px is above the maximum 5000 px"),
                Arguments.of(WANX21, 512, 1000, null), Arguments.of(WANX21, 511, 1000, "width 511 px is below the minimum 512 px"),
                Arguments.of(WANX21, 4096, 1000, null), Arguments.of(WANX21, 4097, 1000, "width 4097 px is above the maximum 4096 px"),
                Arguments.of(WANX21, 1000, 512, null), Arguments.of(WANX21, 1000, 511, "height 511 px is below the minimum 512 px"),
                Arguments.of(WANX21, 1000, 4096, null), Arguments.of(WANX21, 1000, 4097, "height 4097 px is above the maximum 4096 px"),
                Arguments.of(WAN27, 240, 1000, null), Arguments.of(WAN27, 239, 1000, "width 239 px is below the minimum 240 px"),
                Arguments.of(WAN27, 8000, 4000, null), Arguments.of(WAN27, 8001, 4000, "width 8001 px is above the maximum 8000 px"),
                Arguments.of(WAN27, 1000, 240, null), Arguments.of(WAN27, 1000, 239, "height 239 px is below the minimum 240 px"),
                Arguments.of(WAN27, 4000, 8000, null), Arguments.of(WAN27, 4000, 8001, "height 8001 px is above the maximum 8000 px"),
                Arguments.of(PRO, 240, 1000, null), Arguments.of(PRO, 239, 1000, "width 239 px is below the minimum 240 px"),
                Arguments.of(PRO, 8000, 4000, null), Arguments.of(PRO, 8001, 4000, "width 8001 px is above the maximum 8000 px"),
                Arguments.of(PRO, 1000, 240, null), Arguments.of(PRO, 1000, 239, "height 239 px is below the minimum 240 px"),
                Arguments.of(PRO, 4000, 8000, null), Arguments.of(PRO, 4000, 8001, "height 8001 px is above the maximum 8000 px"));
    }

    @ParameterizedTest(name = "{0} {1}x{2}: {3}")
    @MethodSource("sides")
    void build_imageSideAtOrOutsideBound_acceptedOrRejectedNamingValueAndLimit(String model, int w, int h, String error) {
        EditRequestDraft d = baseWithoutImages(model).image(Images.local("side.png", Facts.png(w, h)));
        String field = model.equals(WANX21) ? "base_image" : "images[0]";
        if (error == null) {
            assertAccepted(d);
        } else {
            assertRejected(d, field, "\"side.png\"", error, "for " + model);
        }
    }

    @ParameterizedTest(name = "wanx2.1 mask {0}x{1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "511  | 1000 | width 511 px is below the minimum 512 px",
        "4097 | 1000 | width 4097 px is above the maximum 4096 px",
    })
    void build_wanx21MaskSideOutsideBound_rejected(int w, int h, String error) {
        EditRequestDraft d = EditRequest.draft(WANX21).prompt(EditRequests.PROMPT).function("description_edit_with_mask")
                .image(Images.local("base.png", Facts.png(w, h))).mask(Images.local("mask.png", Facts.png(w, h)));
        InvalidEditRequest e = org.assertj.core.api.Assertions.catchThrowableOfType(d::build, InvalidEditRequest.class);
        assertThat(e.violations()).extracting(Violation::field).containsExactly("base_image", "mask");
        assertThat(e.violations().get(1).message()).contains("\"mask.png\"", error);
    }

    /** Input aspect ratio 1:8 to 8:1 for both wan2.7 models; wan2.5 and wanx2.1 document none. */
    @ParameterizedTest(name = "{0} {1}x{2} accepted={3}")
    @CsvSource({
        "wan2.7-image,       1920, 240,  true",
        "wan2.7-image,       1921, 240,  false",
        "wan2.7-image,       240,  1920, true",
        "wan2.7-image,       240,  1921, false",
        "wan2.7-image-pro,   1920, 240,  true",
        "wan2.7-image-pro,   1921, 240,  false",
        "wan2.7-image-pro,   240,  1920, true",
        "wan2.7-image-pro,   240,  1921, false",
        "wan2.5-i2i-preview, 4000, 400,  true",
        "wan2.5-i2i-preview, 400,  4000, true",
        "wanx2.1-imageedit,  4096, 512,  true",
        "wanx2.1-imageedit,  512,  4096, true",
    })
    void build_inputAspectAtOrOutsideBound_acceptedOrRejected(String model, int w, int h, boolean accepted) {
        EditRequestDraft d = baseWithoutImages(model).image(Images.local("tall.jpg", Facts.jpeg(w, h)));
        if (accepted) {
            assertAccepted(d);
        } else {
            assertRejected(d, "images[0]", "\"tall.jpg\"", "aspect ratio " + w + ":" + h, "outside 1:8 to 8:1", model);
        }
    }

    @ParameterizedTest(name = "{0} {1} bytes accepted={2}")
    @CsvSource({
        "wan2.5-i2i-preview, 10485760, true",
        "wan2.5-i2i-preview, 10485761, false",
        "wanx2.1-imageedit,  10485760, true",
        "wanx2.1-imageedit,  10485761, false",
        "wan2.7-image,       20971520, true",
        "wan2.7-image,       20971521, false",
        "wan2.7-image-pro,   20971520, true",
        "wan2.7-image-pro,   20971521, false",
    })
    void build_fileSizeAtOrOverLimit_acceptedOrRejected(String model, long bytes, boolean accepted) {
        EditRequestDraft d = baseWithoutImages(model).image(Images.local("big.png", Facts.png(1024, 768).bytes(bytes)));
        String field = model.equals(WANX21) ? "base_image" : "images[0]";
        String limit = model.startsWith("wan2.7") ? "20971520-byte (20.0 MB)" : "10485760-byte (10.0 MB)";
        if (accepted) {
            assertAccepted(d);
        } else {
            assertRejected(d, field, "\"big.png\"", bytes + " bytes", "over the " + limit + " limit of " + model);
        }
    }
}
