package dev.wanedit.domain.request;

import static dev.wanedit.domain.request.RuleAssertions.assertAccepted;
import static dev.wanedit.domain.request.RuleAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules that are not numbers: formats, alpha, masks, functions, features, regions, models. */
class CategoricalRulesTest {

    private static final String ALL_FUNCTIONS = "stylization_all, stylization_local, description_edit, "
            + "description_edit_with_mask, remove_watermark, expand, super_resolution, colorization, doodle, "
            + "control_cartoon_feature";

    @ParameterizedTest(name = "{0} accepts {1}: {2}")
    @CsvSource({
        "wan2.5-i2i-preview, JPEG, true", "wan2.5-i2i-preview, PNG, true", "wan2.5-i2i-preview, BMP, true",
        "wan2.5-i2i-preview, WEBP, true", "wan2.5-i2i-preview, TIFF, false",
        "wanx2.1-imageedit,  JPEG, true", "wanx2.1-imageedit,  PNG, true", "wanx2.1-imageedit,  BMP, true",
        "wanx2.1-imageedit,  WEBP, true", "wanx2.1-imageedit,  TIFF, true",
        "wan2.7-image,       JPEG, true", "wan2.7-image,       PNG, true", "wan2.7-image,       BMP, true",
        "wan2.7-image,       WEBP, true", "wan2.7-image,       TIFF, false",
        "wan2.7-image-pro,   JPEG, true", "wan2.7-image-pro,   PNG, true", "wan2.7-image-pro,   BMP, true",
        "wan2.7-image-pro,   WEBP, true", "wan2.7-image-pro,   TIFF, false",
    })
    void build_inputFormat_acceptedOnlyWhereDocumented(String model, ImageFormat format, boolean accepted) {
        EditRequestDraft d = EditRequest.draft(model).prompt(EditRequests.PROMPT).n(1)
                .image(Images.local("in.img", Facts.of(format, 1024, 768)));
        if (model.equals(ModelCatalog.WANX21_IMAGEEDIT)) {
            d.function("colorization");
        }
        if (accepted) {
            assertAccepted(d);
        } else {
            assertRejected(d, "images[0]", "\"in.img\"", "format TIFF is not accepted by " + model,
                    "accepted: BMP, JPEG, PNG, WEBP");
        }
    }

    @ParameterizedTest(name = "{0} rejects a PNG with alpha")
    @ValueSource(strings = {ModelCatalog.WAN25_I2I, ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO})
    void build_pngWithAlpha_rejectedByWan25AndWan27(String model) {
        EditRequestDraft d = EditRequest.draft(model).prompt(EditRequests.PROMPT).n(1)
                .image(Images.local("logo.png", Facts.png(1024, 768).withAlpha()));
        assertRejected(d, "images[0]", "\"logo.png\"", "has an alpha channel, which " + model + " does not support");
    }

    @Test
    void build_pngWithAlphaOnWanx21_accepted() {
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).prompt(EditRequests.PROMPT).function("colorization")
                .image(Images.local("logo.png", Facts.png(1024, 768).withAlpha()));
        assertAccepted(d);
    }

    // ---- masks ----

    @Test
    void build_maskedEditWithoutMask_rejected() {
        EditRequestDraft d = EditRequests.wanx21(EditFunction.DESCRIPTION_EDIT_WITH_MASK).mask((ImageInput) null);
        assertRejected(d, "mask", "description_edit_with_mask requires a mask image");
    }

    @Test
    void build_maskedEditWithSameResolutionMask_acceptedAndMaskSentLast() {
        EditRequest r = assertAccepted(EditRequests.wanx21(EditFunction.DESCRIPTION_EDIT_WITH_MASK));
        assertThat(r.mask()).isPresent();
        assertThat(r.allInputs()).hasSize(2).last().isEqualTo(r.mask().orElseThrow());
    }

    @ParameterizedTest(name = "mask {0}x{1} on a 1024x768 base is rejected")
    @CsvSource({"1023, 768", "1024, 767", "768, 1024", "2048, 1536"})
    void build_maskOfOtherResolution_rejectedNamingBoth(int w, int h) {
        EditRequestDraft d = EditRequests.wanx21(EditFunction.DESCRIPTION_EDIT_WITH_MASK)
                .mask(Images.local("mask.png", Facts.png(w, h)));
        assertRejected(d, "mask", "\"mask.png\"", "is " + w + "*" + h + " px", "must have exactly the base image's resolution 1024*768");
    }

    @Test
    void build_maskWithRemoteBaseOfUnknownSize_resolutionNotChecked() {
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).prompt(EditRequests.PROMPT)
                .function("description_edit_with_mask").image(Images.remote("https://example.com/base.png"))
                .mask(Images.local("mask.png", Facts.png(600, 600)));
        assertAccepted(d);
    }

    @ParameterizedTest(name = "{0} rejects a mask")
    @ValueSource(strings = {"stylization_all", "stylization_local", "description_edit", "remove_watermark", "expand",
        "super_resolution", "colorization", "doodle", "control_cartoon_feature"})
    void build_maskWithUnmaskedFunction_rejected(String function) {
        EditRequestDraft d = EditRequests.wanx21().function(function).mask(Images.local("mask.png", Facts.png(1024, 768)));
        assertRejected(d, "mask", "\"mask.png\"", "only description_edit_with_mask takes a mask, not " + function);
    }

    @ParameterizedTest(name = "{0} rejects a mask")
    @ValueSource(strings = {ModelCatalog.WAN25_I2I, ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO})
    void build_maskOnOtherModel_rejected(String model) {
        EditRequestDraft d = EditRequests.forModel(model).mask(Images.local("mask.png", Facts.jpeg(1024, 768)));
        assertRejected(d, "mask", "\"mask.png\"", "only wanx2.1-imageedit description_edit_with_mask takes a mask");
    }

    // ---- function ----

    @ParameterizedTest(name = "function [{0}] is required")
    @ValueSource(strings = {"", "  "})
    void build_wanx21WithoutFunction_rejectedListingFunctions(String blank) {
        assertRejected(EditRequests.wanx21().function(blank), "function", "is required for wanx2.1-imageedit", ALL_FUNCTIONS);
        assertRejected(EditRequests.wanx21().function(null), "function", "is required for wanx2.1-imageedit");
    }

    @ParameterizedTest(name = "function \"{0}\" is unknown")
    @ValueSource(strings = {"sharpen", "remove-watermark", "stylization"})
    void build_unknownFunction_rejectedNamingIt(String name) {
        assertRejected(EditRequests.wanx21().function(name), "function", "\"" + name + "\"", "is not one of " + ALL_FUNCTIONS);
    }

    @ParameterizedTest(name = "\"{0}\" means remove_watermark")
    @ValueSource(strings = {"remove_watermaker", "remove_watermark", " REMOVE_WATERMAKER "})
    void build_sdkMisspellingOfRemoveWatermark_acceptedAndSentCorrectly(String name) {
        EditRequest r = assertAccepted(EditRequests.wanx21().function(name));
        assertThat(r.function()).hasValue(EditFunction.REMOVE_WATERMARK);
        assertThat(r.function().orElseThrow().wireName()).isEqualTo("remove_watermark");
        assertThat(r.canonicalForm()).contains("function=remove_watermark\n");
    }

    @ParameterizedTest(name = "{0} takes no function")
    @ValueSource(strings = {ModelCatalog.WAN25_I2I, ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO})
    void build_functionOnOtherModel_rejected(String model) {
        assertRejected(EditRequests.forModel(model).function("expand"), "function", "\"expand\"",
                "only wanx2.1-imageedit takes a function, not " + model);
        assertRejected(EditRequests.forModel(model).param("strength", "0.5"), "params", "strength",
                "function parameters apply only to wanx2.1-imageedit");
    }

    // ---- optional features ----

    @ParameterizedTest(name = "{0} rejects a negative prompt")
    @ValueSource(strings = {ModelCatalog.WANX21_IMAGEEDIT, ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO})
    void build_negativePromptWhereUnsupported_rejected(String model) {
        assertRejected(EditRequests.forModel(model).negativePrompt("blurry"), "negative_prompt",
                model + " takes no negative prompt");
    }

    @Test
    void build_emptyNegativePrompt_treatedAsAbsent() {
        EditRequest r = assertAccepted(EditRequests.wan27().negativePrompt(""));
        assertThat(r.negativePrompt()).isEmpty();
    }

    @ParameterizedTest(name = "{0} rejects prompt_extend")
    @ValueSource(strings = {ModelCatalog.WANX21_IMAGEEDIT, ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO})
    void build_promptExtendWhereUnsupported_rejected(String model) {
        assertRejected(EditRequests.forModel(model).promptExtend(false), "prompt_extend", model + " has no prompt extension");
    }

    @Test
    void build_wan25PromptExtendAndNegativePrompt_accepted() {
        EditRequest r = assertAccepted(EditRequests.wan25().promptExtend(false).negativePrompt("blurry").watermark(true));
        assertThat(r.output().promptExtend()).hasValue(false);
        assertThat(r.output().watermark()).hasValue(true);
        assertThat(r.negativePrompt()).hasValue("blurry");
    }

    @ParameterizedTest(name = "{0} text-to-image accepts thinking_mode")
    @ValueSource(strings = {ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO})
    void build_thinkingModeOnTextToImage_accepted(String model) {
        EditRequest r = assertAccepted(EditRequests.textToImage(model).thinkingMode(true));
        assertThat(r.mode()).isEqualTo(EditRequest.Mode.TEXT_TO_IMAGE);
        assertThat(r.output().thinkingMode()).hasValue(true);
    }

    @ParameterizedTest(name = "{0} edit rejects thinking_mode")
    @ValueSource(strings = {ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO})
    void build_thinkingModeWhenEditingOrImageSet_rejected(String model) {
        assertRejected(EditRequests.forModel(model).thinkingMode(false), "thinking_mode",
                "applies only to text-to-image without input images or an image set");
        assertRejected(EditRequests.textToImage(model).sequential(true).thinkingMode(true), "thinking_mode",
                "applies only to text-to-image");
    }

    @ParameterizedTest(name = "{0} has no thinking mode")
    @ValueSource(strings = {ModelCatalog.WAN25_I2I, ModelCatalog.WANX21_IMAGEEDIT})
    void build_thinkingModeOnOtherModel_rejected(String model) {
        assertRejected(EditRequests.forModel(model).thinkingMode(true), "thinking_mode", model + " has no thinking mode");
    }

    @ParameterizedTest(name = "{0} has no image-set mode")
    @ValueSource(strings = {ModelCatalog.WAN25_I2I, ModelCatalog.WANX21_IMAGEEDIT})
    void build_sequentialOnOtherModel_rejected(String model) {
        assertRejected(EditRequests.forModel(model).sequential(true), "enable_sequential", model + " has no image-set mode");
    }

    @ParameterizedTest(name = "{0} takes no boxes or palette")
    @ValueSource(strings = {ModelCatalog.WAN25_I2I, ModelCatalog.WANX21_IMAGEEDIT})
    void build_boxesOrPaletteOnOtherModel_rejected(String model) {
        assertRejected(EditRequests.forModel(model).boxes(List.of(List.of(new BoundingBox(0, 0, 1, 1)))), "bbox_list",
                model + " takes no bounding boxes");
        List<PaletteColor> p = List.of(PaletteColor.parse("#000000:50"), PaletteColor.parse("#FFFFFF:25"),
                PaletteColor.parse("#FF0000:25"));
        assertRejected(EditRequests.forModel(model).palette(p), "color_palette", model + " takes no colour palette");
    }

    @ParameterizedTest(name = "wanx2.1 rejects size {0}")
    @ValueSource(strings = {"1024*768", "1K", "2K"})
    void build_sizeOnWanx21_rejected(String size) {
        assertRejected(EditRequests.wanx21().size(size), "size", "\"" + size + "\"",
                "wanx2.1-imageedit takes no size; the output follows the input and the function");
    }

    @ParameterizedTest(name = "size \"{0}\" is malformed")
    @ValueSource(strings = {"1280x720", "big", "1280*", "0*720", "1280*720*3"})
    void build_malformedSize_rejectedNamingFormat(String size) {
        assertRejected(EditRequests.wan25().size(size), "size", "\"" + size + "\"",
                "is neither a preset (1K, 2K, 4K) nor W*H with whole pixels, e.g. 1280*720");
    }

    // ---- models and regions ----

    @Test
    void build_wanx21InSingapore_rejectedNamingRegions() {
        assertRejected(EditRequests.wanx21().region(Region.SINGAPORE), "model", "\"wanx2.1-imageedit\"",
                "is not offered in singapore; it is available in beijing");
    }

    @ParameterizedTest(name = "{0} is offered in Singapore")
    @ValueSource(strings = {ModelCatalog.WAN25_I2I, ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO})
    void build_otherModelsInSingapore_accepted(String model) {
        assertThat(assertAccepted(EditRequests.forModel(model).region(Region.SINGAPORE)).region()).isEqualTo(Region.SINGAPORE);
    }

    @Test
    void build_noRegion_rejected() {
        assertRejected(EditRequests.wan25().region(null), "region", "a region is required");
    }

    @ParameterizedTest(name = "model \"{0}\" is unknown")
    @ValueSource(strings = {"wan2.6-image", "WAN2.5-I2I-PREVIEW", "wanx2.1"})
    void build_unknownModel_onlyViolationNamesKnownModels(String model) {
        EditRequestDraft d = EditRequests.wan25();
        EditRequestDraft unknown = EditRequest.draft(model).prompt(null).n(99);
        assertThat(d.modelId()).isEqualTo(ModelCatalog.WAN25_I2I);
        assertRejected(unknown, "model", "\"" + model + "\"", "is not a known model; known models: "
                + "wan2.5-i2i-preview, wanx2.1-imageedit, wan2.7-image, wan2.7-image-pro");
    }

    @Test
    void build_modelIdWithSurroundingSpace_found() {
        EditRequest r = assertAccepted(EditRequest.draft(" wan2.7-image ").prompt("a cat").n(1));
        assertThat(r.model().id()).isEqualTo(ModelCatalog.WAN27_IMAGE);
    }

    // ---- several at once ----

    @Test
    void build_severalBrokenRules_allReportedInOneException() {
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WAN25_I2I).region(Region.SINGAPORE).prompt(" ")
                .image(Images.local("cut.png", Facts.png(300, 1024).withAlpha()))
                .n(5).seed(-3L).size("640*480").thinkingMode(true)
                .violation(Violation.error("images[1]", "\"gone.png\"", "cannot be read: no such file"));
        InvalidEditRequest e = catchThrowableOfType(d::build, InvalidEditRequest.class);
        assertThat(e.violations()).extracting(Violation::message).containsExactly(
                "images[1] \"gone.png\": cannot be read: no such file",
                "prompt: is required for wan2.5-i2i-preview",
                "images[0] \"cut.png\": width 300 px is below the minimum 384 px for wan2.5-i2i-preview",
                "images[0] \"cut.png\": has an alpha channel, which wan2.5-i2i-preview does not support; flatten it first",
                "n 5: must be from 1 to 4 for wan2.5-i2i-preview",
                "seed -3: must be from 0 to 2147483647",
                "size \"640*480\": 307200 pixels is outside [768*768, 1280*1280] for wan2.5-i2i-preview",
                "thinking_mode: wan2.5-i2i-preview has no thinking mode");
        assertThat(e.getMessage()).startsWith("8 problems with the edit request:\n")
                .contains("  - n 5: must be from 1 to 4 for wan2.5-i2i-preview");
        assertThat(d.check()).hasSize(8);
    }

    @Test
    void build_errorsAndWarningsTogether_strictTurnsWarningsIntoErrors() {
        EditRequestDraft d = EditRequests.wan25().prompt("p".repeat(2001)).n(0);
        InvalidEditRequest lenient = catchThrowableOfType(d::build, InvalidEditRequest.class);
        assertThat(lenient.violations()).extracting(Violation::field).containsExactly("n");
        InvalidEditRequest strict = catchThrowableOfType(d.strict(true)::build, InvalidEditRequest.class);
        assertThat(strict.violations()).extracting(Violation::field).containsExactly("prompt", "n");
        assertThat(strict.violations()).allMatch(Violation::isError);
    }

    // ---- inputs without facts ----

    @Test
    void build_remoteAndOssImagesWithoutFacts_factChecksSkipped() {
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt(EditRequests.PROMPT).n(1)
                .image(Images.remote("https://example.com/a.tiff"))
                .image(Images.oss("bucket", "in/b.png"));
        EditRequest r = assertAccepted(d);
        assertThat(r.expectedOutput().dimensions()).isEmpty();
    }

    @Test
    void build_remoteImageWithKnownFacts_checked() {
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt(EditRequests.PROMPT).n(1)
                .image(Images.remote("https://example.com/a.tif", Facts.tiff(1024, 768)));
        assertRejected(d, "images[0]", "\"https://example.com/a.tif\"", "format TIFF is not accepted by wan2.5-i2i-preview");
    }

    @Test
    void build_inlineImage_checkedLikeLocal() {
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WAN27_IMAGE).prompt(EditRequests.PROMPT).n(1)
                .image(Images.inline(Facts.png(239, 1000)));
        assertRejected(d, "images[0]", "width 239 px is below the minimum 240 px for wan2.7-image");
    }
}
