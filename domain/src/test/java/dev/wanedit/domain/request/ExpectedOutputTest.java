package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected output dimensions, image count and cost. */
class ExpectedOutputTest {

    private static Dimensions dims(EditRequest r) {
        return r.expectedOutput().dimensions().orElseThrow();
    }

    private static void assertAbout(Dimensions d, long budget, double aspect) {
        assertThat((double) d.pixels()).isCloseTo(budget, within(budget * 0.03));
        assertThat(d.aspect()).isCloseTo(aspect, within(aspect * 0.02));
    }

    @ParameterizedTest(name = "wan2.5 default with last input {0}x{1} is {2}")
    @CsvSource({"1024, 768, 1478*1109", "768, 1024, 1109*1478", "1000, 1000, 1280*1280", "4000, 1000, 2560*640"})
    void expectedOutput_wan25Default_about1280SquaredAtInputAspect(int w, int h, String expected) {
        EditRequest r = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").n(1)
                .image(Images.local(Facts.jpeg(w, h))).build();
        assertThat(dims(r)).isEqualTo(Dimensions.parse(expected));
        assertAbout(dims(r), 1280L * 1280L, (double) w / h);
    }

    @Test
    void expectedOutput_wan25ThreeImages_followsLastImageAspect() {
        EditRequest r = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").n(1)
                .image(Images.local("a.jpg", Facts.jpeg(2000, 1000)))
                .image(Images.local("b.jpg", Facts.jpeg(1000, 1000)))
                .image(Images.local("c.jpg", Facts.jpeg(768, 1024))).build();
        assertThat(dims(r)).isEqualTo(new Dimensions(1109, 1478));
        assertAbout(dims(r), 1280L * 1280L, 0.75);
    }

    @Test
    void expectedOutput_wan25LastImageRemoteWithoutFacts_unknown() {
        EditRequest r = EditRequests.wan25().image(Images.remote("https://example.com/x.png")).build();
        assertThat(r.expectedOutput().dimensions()).isEmpty();
    }

    @ParameterizedTest(name = "{0} explicit size {1}")
    @CsvSource({"wan2.5-i2i-preview, 1280*720", "wan2.7-image, 2048*1024", "wan2.7-image-pro, 800*800"})
    void expectedOutput_explicitSize_exactlyThatSize(String model, String size) {
        EditRequest r = EditRequests.forModel(model).size(size).build();
        assertThat(dims(r)).isEqualTo(Dimensions.parse(size));
    }

    @ParameterizedTest(name = "{0} size [{1}] with a 1024x768 input is {2}")
    @CsvSource({
        "wan2.7-image,     1K, 1182*887",
        "wan2.7-image,     2K, 2365*1774",
        "wan2.7-image,     '', 2365*1774",
        "wan2.7-image-pro, 1K, 1182*887",
        "wan2.7-image-pro, 2K, 2365*1774",
    })
    void expectedOutput_wan27PresetWithImage_budgetAtLastInputAspect(String model, String size, String expected) {
        EditRequest r = EditRequests.forModel(model).size(size).build();
        assertThat(dims(r)).isEqualTo(Dimensions.parse(expected));
        long budget = size.equals("1K") ? 1024L * 1024L : 2048L * 2048L;
        assertAbout(dims(r), budget, 4.0 / 3.0);
    }

    @ParameterizedTest(name = "{0} text-to-image size [{1}] is {2}")
    @CsvSource({
        "wan2.7-image,     1K, 1024*1024",
        "wan2.7-image,     2K, 2048*2048",
        "wan2.7-image,     '', 2048*2048",
        "wan2.7-image-pro, 4K, 4096*4096",
        "wan2.7-image-pro, '', 2048*2048",
    })
    void expectedOutput_wan27TextToImage_square(String model, String size, String expected) {
        EditRequest r = EditRequests.textToImage(model).size(size).build();
        assertThat(dims(r)).isEqualTo(Dimensions.parse(expected));
    }

    @Test
    void expectedOutput_wanx21Expand_scalesHalfExtentsPerSide() {
        EditRequest r = EditRequests.wanx21(EditFunction.EXPAND).param("left_scale", "1.5").param("right_scale", "2")
                .param("top_scale", "1.0").param("bottom_scale", "1.2").build();
        // 1024/2 * (1.5 + 2.0) = 1792; 768/2 * (1.0 + 1.2) = 844.8 -> 845
        assertThat(dims(r)).isEqualTo(new Dimensions(1792, 845));
    }

    @Test
    void expectedOutput_wanx21ExpandWithDefaults_baseSize() {
        assertThat(dims(EditRequests.wanx21(EditFunction.EXPAND).build())).isEqualTo(new Dimensions(1024, 768));
    }

    @ParameterizedTest(name = "super_resolution x[{0}] gives {1}")
    @CsvSource({"'', 1024*768", "1, 1024*768", "3, 3072*2304", "4, 4096*3072"})
    void expectedOutput_wanx21SuperResolution_timesFactor(String factor, String expected) {
        var d = EditRequests.wanx21(EditFunction.SUPER_RESOLUTION);
        if (!factor.isEmpty()) {
            d.param("upscale_factor", factor);
        }
        assertThat(dims(d.build())).isEqualTo(Dimensions.parse(expected));
    }

    @Test
    void expectedOutput_wanx21OtherFunction_baseSize() {
        assertThat(dims(EditRequests.wanx21(EditFunction.COLORIZATION).build())).isEqualTo(new Dimensions(1024, 768));
    }

    @ParameterizedTest(name = "{0} n={1} in {2} costs {3}")
    @CsvSource({
        "wan2.5-i2i-preview, 1, BEIJING,   0.20",
        "wan2.5-i2i-preview, 3, BEIJING,   0.60",
        "wan2.5-i2i-preview, 1, SINGAPORE, 0.220177",
        "wan2.5-i2i-preview, 4, SINGAPORE, 0.880708",
        "wanx2.1-imageedit,  1, BEIJING,   0.14",
        "wanx2.1-imageedit,  4, BEIJING,   0.56",
        "wan2.7-image,       1, BEIJING,   0.20",
        "wan2.7-image,       2, BEIJING,   0.40",
        "wan2.7-image,       1, SINGAPORE, 0.220177",
        "wan2.7-image,       3, SINGAPORE, 0.660531",
        "wan2.7-image-pro,   1, BEIJING,   0.50",
        "wan2.7-image-pro,   4, BEIJING,   2.00",
        "wan2.7-image-pro,   1, SINGAPORE, 0.562065",
        "wan2.7-image-pro,   2, SINGAPORE, 1.124130",
    })
    void expectedOutput_cost_pricePerImageTimesN(String model, int n, Region region, String cost) {
        EditRequest r = EditRequests.forModel(model).region(region).n(n).build();
        ExpectedOutput out = r.expectedOutput();
        assertThat(out.maxImages()).isEqualTo(n);
        assertThat(out.estimatedCost().currency()).isEqualTo("CNY");
        assertThat(out.estimatedCost().amount()).isEqualByComparingTo(cost);
    }

    @Test
    void expectedOutput_imageSetOfTwelve_costsTwelveImages() {
        EditRequest r = EditRequests.textToImage(ModelCatalog.WAN27_IMAGE).sequential(true).n(12).build();
        assertThat(r.mode()).isEqualTo(EditRequest.Mode.IMAGE_SET);
        assertThat(r.expectedOutput().maxImages()).isEqualTo(12);
        assertThat(r.expectedOutput().estimatedCost().amount()).isEqualByComparingTo("2.40");
    }

    @Test
    void expectedOutputIn_otherRegion_sameDimensionsThatRegionsPrice() {
        EditRequest r = EditRequests.wan27Pro().n(2).build();
        ExpectedOutput sg = r.expectedOutputIn(Region.SINGAPORE);
        assertThat(sg.dimensions()).isEqualTo(r.expectedOutput().dimensions());
        assertThat(sg.estimatedCost().amount()).isEqualByComparingTo(new BigDecimal("1.12413"));
        assertThat(r.expectedOutput().estimatedCost().amount()).isEqualByComparingTo("1.00");
    }

    @Test
    void outputN_notGiven_defaultsToOne() {
        EditRequest r = EditRequests.wan25().n(null).build();
        assertThat(r.output().n()).isEqualTo(1);
        assertThat(r.expectedOutput().estimatedCost().amount()).isEqualByComparingTo("0.20");
    }
}
