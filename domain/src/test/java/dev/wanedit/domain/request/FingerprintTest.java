package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fingerprints: equal for equal requests, different when any field differs, stable through toDraft(). */
class FingerprintTest {

    static EditRequestDraft fullWan25() {
        return EditRequest.draft(ModelCatalog.WAN25_I2I).region(Region.BEIJING).prompt("line one\nline two")
                .negativePrompt("blurry")
                .image(Images.local("a.png", Facts.png(1024, 768).sha256("aa")))
                .image(Images.local("b.png", Facts.png(1024, 768).sha256("bb")))
                .size("1280*960").n(2).seed(42L).watermark(false).promptExtend(true);
    }

    static EditRequestDraft fullWanx21() {
        return EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).prompt("widen the beach")
                .image(Images.local("base.png", Facts.png(1024, 768).sha256("base")))
                .function("expand").param("left_scale", "1.5").param("top_scale", 2).n(1).seed(7L);
    }

    static EditRequestDraft fullWanx21Masked() {
        return EditRequests.wanx21(EditFunction.DESCRIPTION_EDIT_WITH_MASK)
                .mask(Images.local("mask.png", Facts.png(1024, 768).sha256("m1")));
    }

    static EditRequestDraft fullWan27() {
        return EditRequest.draft(ModelCatalog.WAN27_IMAGE).region(Region.SINGAPORE).prompt("recolour the sofa")
                .image(Images.local("room.jpg", Facts.jpeg(2000, 1000).sha256("r")))
                .boxes(List.of(List.of(new BoundingBox(10, 10, 500, 500))))
                .palette(List.of(PaletteColor.parse("#C2D1E6:60"), PaletteColor.parse("#112233:30"),
                        PaletteColor.parse("#445566:10")))
                .size("2K").n(3).seed(1L).watermark(true);
    }

    static EditRequestDraft fullTextToImage() {
        return EditRequests.textToImage().thinkingMode(true).size("4K").n(2);
    }

    private static Arguments variant(String name, Supplier<EditRequestDraft> original, Supplier<EditRequestDraft> changed) {
        return Arguments.of(Named.of(name, original), changed);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                variant("region", FingerprintTest::fullWan25, () -> fullWan25().region(Region.SINGAPORE)),
                variant("prompt", FingerprintTest::fullWan25, () -> fullWan25().prompt("line one\nline three")),
                variant("prompt newline vs escape", FingerprintTest::fullWan25, () -> fullWan25().prompt("line one\\nline two")),
                variant("negative prompt", FingerprintTest::fullWan25, () -> fullWan25().negativePrompt("dark")),
                variant("negative prompt removed", FingerprintTest::fullWan25, () -> fullWan25().negativePrompt(null)),
                variant("extra image", FingerprintTest::fullWan25,
                        () -> fullWan25().image(Images.local("c.png", Facts.png(900, 900).sha256("cc")))),
                variant("image content", FingerprintTest::fullWan25, () -> fullWan25Images("aa", "cc")),
                variant("image order", FingerprintTest::fullWan25, () -> fullWan25Images("bb", "aa")),
                variant("size", FingerprintTest::fullWan25, () -> fullWan25().size("1280*720")),
                variant("size auto", FingerprintTest::fullWan25, () -> fullWan25().size(null)),
                variant("n", FingerprintTest::fullWan25, () -> fullWan25().n(3)),
                variant("seed", FingerprintTest::fullWan25, () -> fullWan25().seed(43L)),
                variant("seed removed", FingerprintTest::fullWan25, () -> fullWan25().seed(null)),
                variant("watermark", FingerprintTest::fullWan25, () -> fullWan25().watermark(true)),
                variant("watermark unset", FingerprintTest::fullWan25, () -> fullWan25().watermark(null)),
                variant("prompt_extend", FingerprintTest::fullWan25, () -> fullWan25().promptExtend(false)),
                variant("function", () -> EditRequests.wanx21(EditFunction.COLORIZATION),
                        () -> EditRequests.wanx21(EditFunction.STYLIZATION_LOCAL)),
                variant("param value", FingerprintTest::fullWanx21, () -> fullWanx21().param("left_scale", "1.6")),
                variant("param added", FingerprintTest::fullWanx21, () -> fullWanx21().param("right_scale", "1.1")),
                variant("param vs default", () -> EditRequests.wanx21(EditFunction.SUPER_RESOLUTION),
                        () -> EditRequests.wanx21(EditFunction.SUPER_RESOLUTION).param("upscale_factor", 1)),
                variant("mask", FingerprintTest::fullWanx21Masked,
                        () -> fullWanx21Masked().mask(Images.local("mask.png", Facts.png(1024, 768).sha256("m2")))),
                variant("model", () -> EditRequests.wan27(), () -> EditRequests.wan27Pro()),
                variant("bbox", FingerprintTest::fullWan27,
                        () -> fullWan27().boxes(List.of(List.of(new BoundingBox(10, 10, 500, 501))))),
                variant("bbox removed", FingerprintTest::fullWan27, () -> fullWan27().boxes(null)),
                variant("palette", FingerprintTest::fullWan27, () -> fullWan27().palette(List.of(PaletteColor.parse("#C2D1E6:50"),
                        PaletteColor.parse("#112233:40"), PaletteColor.parse("#445566:10")))),
                variant("preset", FingerprintTest::fullWan27, () -> fullWan27().size("1K")),
                variant("sequential", () -> EditRequests.textToImage().n(2),
                        () -> EditRequests.textToImage().n(2).sequential(true)),
                variant("thinking mode", FingerprintTest::fullTextToImage, () -> fullTextToImage().thinkingMode(false)));
    }

    private static EditRequestDraft fullWan25Images(String first, String second) {
        return EditRequest.draft(ModelCatalog.WAN25_I2I).region(Region.BEIJING).prompt("line one\nline two")
                .negativePrompt("blurry")
                .image(Images.local("a.png", Facts.png(1024, 768).sha256(first)))
                .image(Images.local("b.png", Facts.png(1024, 768).sha256(second)))
                .size("1280*960").n(2).seed(42L).watermark(false).promptExtend(true);
    }

    @ParameterizedTest(name = "{0} changes the fingerprint")
    @MethodSource("variants")
    void fingerprint_anyFieldDiffers_different(Supplier<EditRequestDraft> original, Supplier<EditRequestDraft> changed) {
        EditRequest a = original.get().build();
        EditRequest b = changed.get().build();
        assertThat(b.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(b.canonicalForm()).isNotEqualTo(a.canonicalForm());
    }

    static Stream<Named<Supplier<EditRequestDraft>>> fullDrafts() {
        return Stream.of(Named.of("wan2.5", FingerprintTest::fullWan25), Named.of("wanx2.1 expand", FingerprintTest::fullWanx21),
                Named.of("wanx2.1 masked", FingerprintTest::fullWanx21Masked), Named.of("wan2.7", FingerprintTest::fullWan27),
                Named.of("text-to-image", FingerprintTest::fullTextToImage),
                Named.of("image set", () -> EditRequests.textToImage().sequential(true).n(12)));
    }

    @ParameterizedTest(name = "{0}: equal drafts give equal fingerprints")
    @MethodSource("fullDrafts")
    void fingerprint_equalRequests_equal(Supplier<EditRequestDraft> draft) {
        EditRequest a = draft.get().build();
        EditRequest b = draft.get().build();
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).matches("[0-9a-f]{64}");
        assertThat(a.canonicalForm()).isEqualTo(b.canonicalForm());
    }

    @ParameterizedTest(name = "{0}: toDraft().build() keeps the fingerprint")
    @MethodSource("fullDrafts")
    void toDraft_rebuilt_sameFingerprintAndFields(Supplier<EditRequestDraft> draft) {
        EditRequest a = draft.get().build();
        EditRequest b = a.toDraft().build();
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(b.canonicalForm()).isEqualTo(a.canonicalForm());
        assertThat(b.output()).isEqualTo(a.output());
        assertThat(b.images()).isEqualTo(a.images());
        assertThat(b.mask()).isEqualTo(a.mask());
        assertThat(b.functionParams()).isEqualTo(a.functionParams());
        assertThat(b.region()).isEqualTo(a.region());
    }

    @Test
    void fingerprint_knownVector_stableAcrossRuns() {
        // Pin the canonical form so a silent change of the fingerprint (which would break de-duplication
        // of journals written by an earlier version) fails here.
        EditRequest r = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").n(1)
                .image(Images.local("a.png", Facts.png(1024, 768).sha256("aa"))).build();
        assertThat(r.canonicalForm()).isEqualTo(String.join("\n",
                "model=wan2.5-i2i-preview", "region=beijing", "prompt=p", "negative_prompt=", "images[0]=sha256:aa",
                "size=null", "n=1", "seed=", "watermark=", "prompt_extend=", "sequential=false", "bbox_list=[]",
                "color_palette=[]", "thinking_mode=") + "\n");
    }

    @Test
    void fingerprint_sameContentDifferentPath_equal() {
        EditRequest a = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").n(1)
                .image(Images.local("a.png", Facts.png(1024, 768).sha256("aa"))).build();
        EditRequest b = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").n(1)
                .image(Images.local("copy-of-a.png", Facts.png(1024, 768).sha256("aa"))).build();
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }

    @Test
    void fingerprint_paramAsTextOrNumber_equal() {
        EditRequest a = EditRequests.wanx21(EditFunction.STYLIZATION_ALL).param("strength", "0.50").build();
        EditRequest b = EditRequests.wanx21(EditFunction.STYLIZATION_ALL).param("strength", 0.5).build();
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }
}
