package dev.wanedit.domain.request;

import static dev.wanedit.domain.request.RuleAssertions.assertAccepted;
import static dev.wanedit.domain.request.RuleAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input URLs must be fetchable by the service (public host, no credentials; wanx2.1: no Chinese
 * characters, protocol §1.2/§1.4), and the content of a local or inline image decides its format.
 */
class InputUrlAndFormatRulesTest {

    private static EditRequestDraft wan25(ImageInput in) {
        return EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("edit").image(in);
    }

    private static EditRequestDraft wanx(ImageInput in) {
        return EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).function("stylization_all").prompt("edit").image(in);
    }

    @Test
    void publicUrl_isAccepted() {
        assertAccepted(wan25(Images.remote("https://example.com/a.png?Expires=1&Signature=x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/a.png", "http://localhost/a.png", "http://[::1]/a.png",
        "http://10.1.2.3/a.png", "http://192.168.0.9/a.png", "http://169.254.169.254/latest/meta-data",
        "http://[fe80::1]/a.png", "http://0.0.0.0/a.png", "http://2130706433/a.png", "http://printer.local/a.png",
        "http://intranet/a.png"})
    void localHosts_areRefused_unlessAnEmulatorHereFetchesThem(String url) {
        Violation v = assertRejected(wan25(Images.remote(url)), "images[0]", "the service downloads input URLs itself");
        assertThat(v.message()).contains("--endpoint names an emulator");

        assertAccepted(wan25(Images.remote(url)).localUrlsAllowed(true));
    }

    @Test
    void userInfo_isRefused_withoutEchoingIt() {
        Violation v = assertRejected(wan25(Images.remote("https://bob:hunter2@example.com/a.png")), "images[0]",
                "carries user info");
        assertThat(v.message()).doesNotContain("hunter2").doesNotContain("bob");
    }

    @Test
    void badPortAndHost_areRefused() {
        assertRejected(wan25(Images.remote("http://example.com:99999/a.png")), "images[0]", "port out of range");
        assertRejected(wan25(Images.remote("http://under_score.example/a.png")), "images[0]", "no valid host name");
    }

    @Test
    void chineseCharacters_areRefusedForWanx21Only() {
        ImageInput chinese = Images.remote("https://example.com/图片.png");

        assertRejected(wanx(chinese), "base_image", "refuses URLs that contain Chinese characters", "§1.2");
        assertAccepted(wan25(chinese));
        assertRejected(wanx(Images.remote("https://example.com/a\uFF0Eb.png")), "base_image", "Chinese characters");
        assertAccepted(wanx(Images.remote("https://example.com/%E5%9B%BE.png"))); // percent-encoded is ASCII
    }

    @Test
    void idnHost_isRefusedAskingForItsPunycodeForm_andForWanx21AsChinese() {
        ImageInput idn = Images.remote("https://例子.测试/a.png");

        assertRejected(wan25(idn), "images[0]", "no valid host name", "xn--");
        assertThat(wanx(idn).check()).extracting(Violation::rule).anySatisfy(r -> assertThat(r).contains("Chinese"));
    }

    @Test
    void fragment_isAWarning() {
        List<Violation> vs = wan25(Images.remote("https://example.com/a.png#top")).check();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.isError()).isFalse();
            assertThat(v.rule()).contains("fragment");
        });
        assertRejected(wan25(Images.remote("https://example.com/a.png#top")).strict(true), "images[0]", "fragment");
    }

    @Test
    void jpegNamedPng_isSentAsJpeg_withAWarningNamingTheFileAndBothFormats() {
        EditRequest r = wan25(Images.local("photo.png", Facts.jpeg(1024, 768))).build();

        assertThat(r.warnings()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("images[0]");
            assertThat(v.message()).contains("\"photo.png\"", "says PNG", "content is JPEG", "sent as image/jpeg");
        });
        assertRejected(wan25(Images.local("photo.png", Facts.jpeg(1024, 768))).strict(true), "images[0]", "content is JPEG");
    }

    @Test
    void dataUriDeclaringAnotherType_isAWarning() {
        ImageInput in = new ImageInput.InlineImage("data:image/png;base64," + Images.INLINE_PAYLOAD, Facts.jpeg(1024, 768).build());

        assertThat(wan25(in).build().warnings()).singleElement()
                .satisfies(v -> assertThat(v.rule()).contains("declares image/png", "JPEG", "sent as image/jpeg"));
    }

    private static EditRequestDraft masked(MaskTones tones) {
        ImageFacts maskFacts = Facts.png(1024, 768).build().withTones(tones);
        return EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).function("description_edit_with_mask").prompt("a rabbit")
                .image(Images.local("room.png", Facts.png(1024, 768))).mask(new ImageInput.LocalImage(java.nio.file.Path.of("m.png"), maskFacts));
    }

    @Test
    void greyMask_isAWarningNamingTheShare_andAnErrorWithStrict() {
        EditRequest r = masked(new MaskTones(1000, 500, 300)).build();

        assertThat(r.warnings()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("mask");
            assertThat(v.message()).contains("\"m.png\"", "20.0% of its pixels are neither black nor white",
                    "white RGB(255,255,255) marks the area to edit");
        });
        assertRejected(masked(new MaskTones(1000, 500, 300)).strict(true), "mask", "20.0%");
    }

    @Test
    void blackAndWhiteMask_withSoftEdges_isAccepted_butAnAllBlackOneIsPointedOut() {
        assertAccepted(masked(new MaskTones(1000, 595, 400))); // 0.5% grey: within the share
        assertThat(masked(new MaskTones(1000, 1000, 0)).build().warnings()).singleElement()
                .satisfies(v -> assertThat(v.rule()).contains("no white pixels"));
    }
}
