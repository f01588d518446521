package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.testdata.EditJobs;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import dev.wanedit.domain.testdata.TaskSnapshots;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Regression tests for defects found in review; each failed before its fix. */
class DefectRegressionTest {

    /** ImageInput.reference() Javadoc: "never a full data URI and never a credential". */
    @Test
    void remoteReference_urlWithUserInfo_dropsCredential() {
        ImageInput.RemoteImage r = Images.remote("https://alice:s3cret@example.com/in/a.png?x=1");
        assertThat(r.reference()).doesNotContain("s3cret").doesNotContain("alice");
    }

    /** Fingerprint "different when any field differs": two different inline images without a digest. */
    @Test
    void fingerprint_inlineImagesOfSameTypeAndSizeButOtherContent_different() {
        ImageFacts facts = Facts.png(1024, 768).bytes(68).build();
        EditRequest a = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").n(1)
                .image(new ImageInput.InlineImage("data:image/png;base64,AAAA", facts)).build();
        EditRequest b = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").n(1)
                .image(new ImageInput.InlineImage("data:image/png;base64,BBBB", facts)).build();
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    }

    /** A violation names the offending value: 10 485 761 bytes must not read "10.0 MB, over the 10.0 MB limit". */
    @Test
    void build_fileOneByteOverLimit_messageShowsValueDistinctFromLimit() {
        InvalidEditRequest e = catchThrowableOfType(() -> EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").n(1)
                .image(Images.local("big.png", Facts.png(1024, 768).bytes(10_485_761L))).build(), InvalidEditRequest.class);
        String message = e.violations().get(0).message();
        assertThat(message).contains("big.png").doesNotContain("file is 10.0 MB, over the 10.0 MB limit");
    }

    /** PaletteColor: "share ... must be above 0%"; 0.004 rounds to a 0.00% share on the wire. */
    @Test
    void paletteColor_shareRoundingToZero_rejected() {
        assertThatThrownBy(() -> new PaletteColor("#000000", new BigDecimal("0.004")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Dimensions.parse: "W*H" only; a trailing separator is not W*H. */
    @Test
    void dimensionsParse_trailingSeparator_rejected() {
        assertThatThrownBy(() -> Dimensions.parse("1280*720*")).isInstanceOf(IllegalArgumentException.class);
    }

    /** BoundingBox.parse: "x1,y1,x2,y2" only; a fifth (empty) element is not a box. */
    @Test
    void boundingBoxParse_trailingComma_rejected() {
        assertThatThrownBy(() -> BoundingBox.parse("1,2,3,4,")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A refused action leaves the aggregate unchanged: a sync answer that is not final must not record the task. */
    @Test
    void completedSynchronously_nonFinalSnapshot_rejectedWithoutChange() {
        EditJob j = EditJobs.aJob().inState(JobState.SUBMITTING).build();
        Instant at = EditJobs.T0.plusSeconds(60);
        assertThatThrownBy(() -> j.completedSynchronously(EditJobs.TASK, TaskSnapshots.of(RemoteStatus.RUNNING), at))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(j.state()).isEqualTo(JobState.SUBMITTING);
        assertThat(j.task()).isEmpty();
    }
}
