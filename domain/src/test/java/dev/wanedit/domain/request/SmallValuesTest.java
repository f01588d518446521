package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.catalog.SizePreset;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteTaskRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OutputSize, SizePreset, ImageFormat, Violation, InvalidEditRequest, EditFunction.parse, small records. */
class SmallValuesTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({"1K, 1K", "2k, 2K", "' 4K ', 4K", "1280*720, 1280*720"})
    void outputSizeParse_presetOrExplicit_wireValue(String text, String wire) {
        assertThat(OutputSize.parse(text).wireValue()).isEqualTo(wire);
    }

    @Test
    void outputSizeParse_blank_auto() {
        assertThat(OutputSize.parse(null)).isInstanceOf(OutputSize.Auto.class);
        assertThat(OutputSize.parse("  ").wireValue()).isNull();
    }

    @Test
    void outputSizeParse_unknownPreset_rejected() {
        assertThatThrownBy(() -> OutputSize.parse("8K")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizePreset_pixelBudgets() {
        assertThat(SizePreset.K1.pixels()).isEqualTo(1024L * 1024);
        assertThat(SizePreset.K2.pixels()).isEqualTo(2048L * 2048);
        assertThat(SizePreset.K4.pixels()).isEqualTo(4096L * 4096);
        assertThat(SizePreset.parse("3K")).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({"a.JPG, JPEG", "b.jpeg, JPEG", "c.png, PNG", "d.tif, TIFF", "e.TIFF, TIFF", "f.webp, WEBP", "g.bmp, BMP"})
    void imageFormatFromFileName_extension(String name, ImageFormat format) {
        assertThat(ImageFormat.fromFileName(name)).hasValue(format);
    }

    @ParameterizedTest(name = "\"{0}\" has no format")
    @ValueSource(strings = {"noext", "a.gif", "a.png.txt", "archive."})
    void imageFormatFromFileName_unknown_empty(String name) {
        assertThat(ImageFormat.fromFileName(name)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({"image/jpeg, JPEG", "image/jpg, JPEG", "IMAGE/PNG, PNG", "' image/webp ', WEBP", "image/tiff, TIFF", "image/bmp, BMP"})
    void imageFormatFromMimeType_known(String mime, ImageFormat format) {
        assertThat(ImageFormat.fromMimeType(mime)).hasValue(format);
        assertThat(ImageFormat.fromMimeType("image/gif")).isEmpty();
    }

    @Test
    void violation_message_fieldValueRule() {
        assertThat(Violation.error("images[2]", "\"shelf.webp\"", "height 380 px is below the minimum 384 px").message())
                .isEqualTo("images[2] \"shelf.webp\": height 380 px is below the minimum 384 px");
        assertThat(Violation.warning("prompt", null, "too long").message()).isEqualTo("prompt: too long");
        assertThat(Violation.warning("prompt", "", "too long").asError().isError()).isTrue();
        assertThat(new Violation("f", "v", "r", null).severity()).isEqualTo(Violation.Severity.ERROR);
    }

    @ParameterizedTest(name = "field [{0}] rule [{1}] rejected")
    @CsvSource({"'', rule", "' ', rule", "field, ''", "field, ' '"})
    void violation_blankFieldOrRule_rejected(String field, String rule) {
        assertThatThrownBy(() -> Violation.error(field, "v", rule)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidEditRequest_listsEveryViolation() {
        InvalidEditRequest e = new InvalidEditRequest(List.of(Violation.error("n", "5", "too many"),
                Violation.error("seed", "-1", "negative")));
        assertThat(e.getMessage()).isEqualTo("2 problems with the edit request:\n  - n 5: too many\n  - seed -1: negative");
        assertThat(new InvalidEditRequest(List.of(Violation.error("n", "5", "too many"))).getMessage())
                .startsWith("1 problem with the edit request:");
        assertThatThrownBy(() -> new InvalidEditRequest(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.violations().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({"expand, EXPAND", "EXPAND, EXPAND", "' doodle ', DOODLE", "remove_watermaker, REMOVE_WATERMARK",
        "control_cartoon_feature, CONTROL_CARTOON_FEATURE"})
    void editFunctionParse_wireNameAnyCase(String text, EditFunction f) {
        assertThat(EditFunction.parse(text)).hasValue(f);
    }

    @Test
    void editFunction_tenWireNames() {
        assertThat(EditFunction.wireNames()).hasSize(10).doesNotContain("remove_watermaker").contains("remove_watermark");
        assertThat(EditFunction.parse("sketch")).isEmpty();
    }

    @Test
    void remoteTaskRef_blankEndpointDropped() {
        assertThat(new RemoteTaskRef("t", Region.BEIJING, Optional.of(" ")).endpoint()).isEmpty();
        assertThat(new RemoteTaskRef("t", Region.BEIJING, null).endpoint()).isEmpty();
        assertThatThrownBy(() -> new RemoteTaskRef(" ", Region.BEIJING, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RemoteTaskRef("t", null, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remoteResult_neitherUrlNorError_noResultError() {
        RemoteResult r = new RemoteResult(0, Optional.empty(), null, null, null);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.errorCode()).hasValue("NoResult");
    }

    @Test
    void imageFacts_invalid_rejected() {
        assertThatThrownBy(() -> new ImageFacts(null, 1, 1, 1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageFacts(ImageFormat.PNG, 0, 1, 1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageFacts(ImageFormat.PNG, 1, 1, -1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ImageFacts(ImageFormat.PNG, 3, 2, 1, false).withSha256("ab").sha256()).hasValue("ab");
    }

    @Test
    void jobFailure_toStringAndDefaults() {
        assertThat(new JobFailure(JobFailure.Kind.TASK_FAILED, "InternalError", "boom")).hasToString("InternalError: boom");
        assertThat(new JobFailure(JobFailure.Kind.EXPIRED, null, null)).hasToString("EXPIRED");
        assertThatThrownBy(() -> new JobFailure(null, "c", "m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchRef_blank_rejected() {
        assertThatThrownBy(() -> new BatchRef("", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchRef("b", " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
