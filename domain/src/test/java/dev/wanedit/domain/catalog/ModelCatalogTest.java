package dev.wanedit.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.request.CountRules;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageRules;
import dev.wanedit.domain.request.SizeRules;
import dev.wanedit.domain.request.TextRules;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every documented figure of the catalog, as the sources give it. */
class ModelCatalogTest {

    private static final ModelCatalog CATALOG = ModelCatalog.standard();

    @Test
    void synchronousCall_onlyWan27Models_theOthersSayWhy() {
        for (ModelSpec m : ModelCatalog.standard().all()) {
            assertThat(m.synchronousCallViolation().isEmpty()).as(m.id()).isEqualTo(m.id().startsWith("wan2.7"));
        }
        assertThat(ModelCatalog.standard().find("wan2.5-i2i-preview").orElseThrow().synchronousCallViolation())
                .hasValueSatisfying(v -> assertThat(v.message()).contains("wan2.5-i2i-preview has no synchronous call"));
    }

    @Test
    void all_fourModelsInOrder() {
        assertThat(CATALOG.all()).extracting(ModelSpec::id)
                .containsExactly("wan2.5-i2i-preview", "wanx2.1-imageedit", "wan2.7-image", "wan2.7-image-pro");
    }

    @Test
    void require_unknown_rejectedListingKnownModels() {
        assertThatThrownBy(() -> CATALOG.require("wan3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"wan3\"").hasMessageContaining("wan2.5-i2i-preview, wanx2.1-imageedit, wan2.7-image, wan2.7-image-pro");
        assertThat(CATALOG.find(null)).isEmpty();
        assertThat(CATALOG.find(" wan2.7-image-pro ")).map(ModelSpec::id).hasValue("wan2.7-image-pro");
    }

    @ParameterizedTest(name = "{0} images: {1}..{2}, sides {3}..{4}, max {5} bytes, alpha {6}")
    @CsvSource({
        "wan2.5-i2i-preview, 1, 3, 384, 5000, 10485760, false",
        "wanx2.1-imageedit,  1, 1, 512, 4096, 10485760, true",
        "wan2.7-image,       0, 9, 240, 8000, 20971520, false",
        "wan2.7-image-pro,   0, 9, 240, 8000, 20971520, false",
    })
    void imageRules_asDocumented(String id, int minCount, int maxCount, int minSide, int maxSide, long maxBytes, boolean alpha) {
        ImageRules r = CATALOG.require(id).images();
        assertThat(r.minCount()).isEqualTo(minCount);
        assertThat(r.maxCount()).isEqualTo(maxCount);
        assertThat(r.minSide()).isEqualTo(minSide);
        assertThat(r.maxSide()).isEqualTo(maxSide);
        assertThat(r.maxBytes()).isEqualTo(maxBytes);
        assertThat(r.alphaAllowed()).isEqualTo(alpha);
        assertThat(r.formats().contains(ImageFormat.TIFF)).isEqualTo(id.equals(ModelCatalog.WANX21_IMAGEEDIT));
        assertThat(r.formats()).contains(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.BMP, ImageFormat.WEBP);
    }

    @ParameterizedTest(name = "{0} text: prompt max {1}, negative max {2}, truncates {3}")
    @CsvSource({
        "wan2.5-i2i-preview, 2000, 500, true",
        "wanx2.1-imageedit,  800,  -1,  false",
        "wan2.7-image,       5000, -1,  false",
        "wan2.7-image-pro,   5000, -1,  false",
    })
    void textRules_asDocumented(String id, int promptMax, int negativeMax, boolean truncates) {
        TextRules t = CATALOG.require(id).text();
        assertThat(t.promptRequired()).isTrue();
        assertThat(t.promptMax()).isEqualTo(promptMax);
        assertThat(t.negativeMax().orElse(-1)).isEqualTo(negativeMax);
        assertThat(t.serverTruncates()).isEqualTo(truncates);
    }

    @ParameterizedTest(name = "{0} n {1}..{2} (default {3}, sequential {4})")
    @CsvSource({
        "wan2.5-i2i-preview, 1, 4, 4, 0",
        "wanx2.1-imageedit,  1, 4, 1, 0",
        "wan2.7-image,       1, 4, 4, 12",
        "wan2.7-image-pro,   1, 4, 4, 12",
    })
    void countRules_asDocumented(String id, int min, int max, int def, int seqMax) {
        assertThat(CATALOG.require(id).count()).isEqualTo(new CountRules(min, max, def, seqMax));
    }

    @Test
    void sizeRules_asDocumented() {
        SizeRules wan25 = CATALOG.require(ModelCatalog.WAN25_I2I).size();
        assertThat(wan25.minPixels()).isEqualTo(768L * 768);
        assertThat(wan25.maxPixels()).isEqualTo(1280L * 1280);
        assertThat(wan25.minAspect()).isEqualTo(0.25);
        assertThat(wan25.maxAspect()).isEqualTo(4.0);
        assertThat(wan25.presets()).isEmpty();
        assertThat(wan25.defaultPixels()).isEqualTo(1280L * 1280);

        assertThat(CATALOG.require(ModelCatalog.WANX21_IMAGEEDIT).size().sizeSettable()).isFalse();

        SizeRules wan27 = CATALOG.require(ModelCatalog.WAN27_IMAGE).size();
        assertThat(wan27.maxPixels()).isEqualTo(2048L * 2048);
        assertThat(wan27.maxPixelsTextToImage()).isEqualTo(2048L * 2048);
        assertThat(wan27.presets()).containsExactlyInAnyOrder(SizePreset.K1, SizePreset.K2);
        assertThat(wan27.defaultPreset()).hasValue(SizePreset.K2);
        assertThat(wan27.minAspect()).isEqualTo(0.125);
        assertThat(wan27.maxAspect()).isEqualTo(8.0);

        SizeRules pro = CATALOG.require(ModelCatalog.WAN27_IMAGE_PRO).size();
        assertThat(pro.minPixels()).isEqualTo(768L * 768);
        assertThat(pro.maxPixels()).isEqualTo(2048L * 2048);
        assertThat(pro.maxPixelsTextToImage()).isEqualTo(4096L * 4096);
        assertThat(pro.presets()).containsExactlyInAnyOrder(SizePreset.K1, SizePreset.K2, SizePreset.K4);
        assertThat(pro.textToImageOnlyPresets()).containsExactly(SizePreset.K4);
    }

    @ParameterizedTest(name = "{0} in {1} costs {2} per image")
    @CsvSource({
        "wan2.5-i2i-preview, BEIJING,   0.20",
        "wan2.5-i2i-preview, SINGAPORE, 0.220177",
        "wanx2.1-imageedit,  BEIJING,   0.14",
        "wan2.7-image,       BEIJING,   0.20",
        "wan2.7-image,       SINGAPORE, 0.220177",
        "wan2.7-image-pro,   BEIJING,   0.50",
        "wan2.7-image-pro,   SINGAPORE, 0.562065",
    })
    void prices_asDocumented(String id, Region region, String price) {
        Money m = CATALOG.require(id).pricePerImage(region).orElseThrow();
        assertThat(m.amount()).isEqualByComparingTo(price);
        assertThat(m.currency()).isEqualTo("CNY");
    }

    @Test
    void regions_wanx21BeijingOnly() {
        assertThat(CATALOG.require(ModelCatalog.WANX21_IMAGEEDIT).regions()).containsExactly(Region.BEIJING);
        assertThat(CATALOG.require(ModelCatalog.WANX21_IMAGEEDIT).pricePerImage(Region.SINGAPORE)).isEmpty();
        for (String id : new String[] {ModelCatalog.WAN25_I2I, ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO}) {
            assertThat(CATALOG.require(id).regions()).containsExactlyInAnyOrder(Region.BEIJING, Region.SINGAPORE);
        }
    }

    @Test
    void features_asDocumented() {
        assertThat(CATALOG.require(ModelCatalog.WAN25_I2I).features()).containsExactlyInAnyOrder(
                Feature.NEGATIVE_PROMPT, Feature.PROMPT_EXTEND, Feature.SEED, Feature.WATERMARK, Feature.SIZE);
        assertThat(CATALOG.require(ModelCatalog.WANX21_IMAGEEDIT).features()).containsExactlyInAnyOrder(Feature.SEED, Feature.WATERMARK);
        assertThat(CATALOG.require(ModelCatalog.WANX21_IMAGEEDIT).functions()).isEqualTo(EnumSet.allOf(EditFunction.class));
        for (String id : new String[] {ModelCatalog.WAN27_IMAGE, ModelCatalog.WAN27_IMAGE_PRO}) {
            ModelSpec s = CATALOG.require(id);
            assertThat(s.supports(Feature.NEGATIVE_PROMPT)).isFalse();
            assertThat(s.supports(Feature.PROMPT_EXTEND)).isFalse();
            assertThat(s.features()).contains(Feature.SEQUENTIAL, Feature.BBOX, Feature.COLOR_PALETTE,
                    Feature.THINKING_MODE, Feature.SYNC_CALL);
            assertThat(s.wireFamily()).isEqualTo(WireFamily.MESSAGES);
        }
    }

    @Test
    void limitsAndTimes_asDocumented() {
        assertThat(CATALOG.require(ModelCatalog.WAN25_I2I).limits()).hasValue(new Limits(5, 5, true));
        assertThat(CATALOG.require(ModelCatalog.WANX21_IMAGEEDIT).limits()).hasValue(new Limits(2, 2, true));
        assertThat(CATALOG.require(ModelCatalog.WAN27_IMAGE).limits().orElseThrow().confirmed()).isFalse();
        assertThat(ModelCatalog.RESULT_RETENTION).isEqualTo(Duration.ofHours(24));
        assertThat(ModelCatalog.SEED_MAX).isEqualTo(Integer.MAX_VALUE);
        assertThat(ModelCatalog.TASK_QUERIES_PER_SECOND).isEqualTo(20);
        assertThat(CATALOG.require(ModelCatalog.WANX21_IMAGEEDIT).typicalDuration()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
        assertThat(CATALOG.require(ModelCatalog.WAN25_I2I).typicalDuration()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void wireFamilies_perModel() {
        assertThat(CATALOG.require(ModelCatalog.WAN25_I2I).wireFamily()).isEqualTo(WireFamily.IMAGES);
        assertThat(CATALOG.require(ModelCatalog.WANX21_IMAGEEDIT).wireFamily()).isEqualTo(WireFamily.FUNCTION);
    }
}
