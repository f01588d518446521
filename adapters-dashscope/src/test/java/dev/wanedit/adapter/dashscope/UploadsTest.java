package dev.wanedit.adapter.dashscope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local files: inline {@code data:} URIs when small, the temporary upload when large, and the upload cache. */
class UploadsTest extends WiredToEmulator {

    @TempDir
    Path dir;

    /** Uploads everything over 100 bytes, i.e. every test image. */
    @Override
    DashScopeImageEditing editing(Emulated env) {
        return Emulated.editing(env.settings().inlineMaxBytes(100).build());
    }

    private RecordedRequest lastCreate(Endpoint e) {
        List<RecordedRequest> all = emu.journal().requests(e);
        return all.get(all.size() - 1);
    }

    private void assertSucceeds(Submission s) {
        emu.clock().advance(Duration.ofMinutes(5));
        assertThat(editing.fetch(s.task()).status()).isEqualTo(RemoteStatus.SUCCEEDED);
    }

    @Test
    void largeFiles_useOnePolicy_collisionFreeKeys_andTheOssHeader() {
        ImageInput a = Emulated.local(dir.resolve("one/photo.png"), 512, 512, 1, true);
        ImageInput b = Emulated.local(dir.resolve("two/photo.png"), 600, 400, 2, false);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("merge").image(a).image(b).n(1).build();

        Submission s = editing.submit(r, SubmitMode.ASYNC);

        List<RecordedRequest> policies = emu.journal().requests(Endpoint.UPLOAD_POLICY);
        assertThat(policies).as("one certificate for all files of a request").hasSize(1);
        assertThat(policies.get(0).query()).contains("action=getPolicy").contains("model=wan2.5-i2i-preview");
        assertThat(policies.get(0).header("Authorization")).startsWith("Bearer ");
        List<RecordedRequest> uploads = emu.journal().requests(Endpoint.OSS_UPLOAD);
        assertThat(uploads).hasSize(2);
        assertThat(uploads).allSatisfy(u -> assertThat(u.header("Authorization")).as("no DashScope key to OSS").isNull());
        assertThat(emu.journal().uploads()).isEqualTo(2);

        RecordedRequest create = lastCreate(Endpoint.IMAGE_SYNTHESIS);
        assertThat(create.header("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        JsonNode images = create.json().path("input").path("images");
        assertThat(images).hasSize(2);
        assertThat(images.get(0).asText()).startsWith("oss://dashscope-instant/").endsWith("photo.png");
        assertThat(images.get(1).asText()).startsWith("oss://dashscope-instant/").endsWith("photo.png");
        assertThat(images.get(0).asText()).isNotEqualTo(images.get(1).asText());
        assertSucceeds(s);
    }

    @Test
    void completedUploads_areReused_perModel_untilTheyExpire() {
        ImageInput ref = Emulated.local(dir.resolve("ref.png"), 512, 512, 3, false);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(ref).n(1).build();

        editing.submit(r, SubmitMode.ASYNC);
        String first = lastCreate(Endpoint.IMAGE_SYNTHESIS).json().path("input").path("images").get(0).asText();
        Submission again = editing.submit(r, SubmitMode.ASYNC);
        String second = lastCreate(Endpoint.IMAGE_SYNTHESIS).json().path("input").path("images").get(0).asText();

        assertThat(second).isEqualTo(first);
        assertThat(emu.journal().requests(Endpoint.UPLOAD_POLICY)).as("no certificate needed").hasSize(1);
        assertThat(emu.journal().uploads()).isEqualTo(1);
        assertSucceeds(again);

        EditRequest otherModel = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).prompt("edit").image(ref).n(1).build();
        editing.submit(otherModel, SubmitMode.ASYNC);
        assertThat(emu.journal().uploads()).as("an upload serves only its own model").isEqualTo(2);
        assertThat(lastCreate(Endpoint.IMAGE_GENERATION).json().path("input").path("messages").get(0)
                .path("content").get(1).path("image").asText()).startsWith("oss://").isNotEqualTo(first);

        emu.clock().advance(Duration.ofHours(25)); // past the default 24 h validity
        editing.submit(r, SubmitMode.ASYNC);
        assertThat(emu.journal().uploads()).isEqualTo(3);
        assertThat(lastCreate(Endpoint.IMAGE_SYNTHESIS).json().path("input").path("images").get(0).asText())
                .isNotEqualTo(first);
    }

    @Test
    void aReferenceSharedByConcurrentJobs_isUploadedOnce() throws Exception {
        ImageInput ref = Emulated.local(dir.resolve("shared.png"), 512, 512, 11, true);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(ref).n(1).build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Submission>> jobs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                jobs.add(pool.submit(() -> editing.submit(r, SubmitMode.ASYNC)));
            }
            for (java.util.concurrent.Future<Submission> f : jobs) {
                assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(RemoteStatus.PENDING);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(emu.journal().uploads()).isEqualTo(1);
        assertThat(emu.journal().requests(Endpoint.UPLOAD_POLICY)).hasSize(1);
        assertThat(emu.journal().requests(Endpoint.IMAGE_SYNTHESIS)).hasSize(4)
                .extracting(c -> c.json().path("input").path("images").get(0).asText()).containsOnly(
                        emu.journal().requests(Endpoint.IMAGE_SYNTHESIS).get(0).json().path("input").path("images")
                                .get(0).asText());
    }

    @Test
    void smallFiles_goInline_asDataUris() {
        DashScopeImageEditing inline = env.editing(); // default 1 MB threshold
        ImageInput small = Emulated.local(dir.resolve("small.png"), 512, 512, 4, true);
        EditRequest r = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).prompt("edit").image(small).n(1).build();

        Submission s = inline.submit(r, SubmitMode.ASYNC);

        assertThat(emu.journal().requests(Endpoint.UPLOAD_POLICY)).isEmpty();
        RecordedRequest create = lastCreate(Endpoint.IMAGE_GENERATION);
        assertThat(create.header("X-DashScope-OssResourceResolve")).isNull();
        assertThat(create.json().path("input").path("messages").get(0).path("content").get(1).path("image").asText())
                .startsWith("data:image/png;base64,iVBORw0KGgo");
        emu.clock().advance(Duration.ofMinutes(5));
        assertThat(inline.fetch(s.task()).status()).isEqualTo(RemoteStatus.SUCCEEDED);

        RequestPreview preview = inline.preview(r, SubmitMode.ASYNC);
        assertThat(preview.body()).contains("data:image/png;base64,<").doesNotContain("iVBORw0KGgo");
    }

    @Test
    void forceUpload_uploadsSmallFilesToo() {
        DashScopeImageEditing forced = Emulated.editing(env.settings().forceUpload(true).build());
        ImageInput small = Emulated.local(dir.resolve("small.png"), 512, 512, 5, true);
        forced.submit(EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(small).n(1).build(),
                SubmitMode.ASYNC);
        assertThat(emu.journal().uploads()).isEqualTo(1);
    }

    @Test
    void wanx21LocalMask_isAlwaysUploaded_whileTheSmallBaseGoesInline() {
        DashScopeImageEditing inline = env.editing();
        ImageInput base = Emulated.local(dir.resolve("base.png"), 640, 512, 6, true);
        ImageInput mask = Emulated.local(dir.resolve("mask.png"), 640, 512, 7, true);
        EditRequest r = EditRequest.draft("wanx2.1-imageedit").localUrlsAllowed(true).function("description_edit_with_mask")
                .prompt("a ceramic rabbit").image(base).mask(mask).n(1).build();

        Submission s = inline.submit(r, SubmitMode.ASYNC);

        JsonNode in = lastCreate(Endpoint.IMAGE_SYNTHESIS).json().path("input");
        assertThat(in.path("base_image_url").asText()).startsWith("data:image/png;base64,");
        assertThat(in.path("mask_image_url").asText()).startsWith("oss://");
        assertThat(lastCreate(Endpoint.IMAGE_SYNTHESIS).header("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        emu.clock().advance(Duration.ofMinutes(5));
        assertThat(inline.fetch(s.task()).status()).isEqualTo(RemoteStatus.SUCCEEDED);
    }

    @Test
    void preview_showsUploadPlaceholders_withoutAnyCall_thenTheCachedObject() {
        ImageInput a = Emulated.local(dir.resolve("big.png"), 512, 512, 8, true);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(a).n(1).build();

        RequestPreview before = editing.preview(r, SubmitMode.ASYNC);
        assertThat(emu.journal().requests()).isEmpty();
        assertThat(before.body()).contains("oss://<upload of big.png>");
        assertThat(before.headers()).containsEntry("X-DashScope-OssResourceResolve", "enable");

        editing.submit(r, SubmitMode.ASYNC);
        RequestPreview after = editing.preview(r, SubmitMode.ASYNC);
        assertThat(after.body()).isEqualTo(lastCreate(Endpoint.IMAGE_SYNTHESIS).json().toString());
    }

    @Test
    void existingOssObjects_passThrough_withTheHeader() {
        ImageInput a = Emulated.local(dir.resolve("a.png"), 512, 512, 9, true);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(a).n(1).build();
        editing.submit(r, SubmitMode.ASYNC);
        String oss = lastCreate(Endpoint.IMAGE_SYNTHESIS).json().path("input").path("images").get(0).asText();

        EditRequest byKey = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit again")
                .image(ImageInput.OssImage.parse(oss)).n(1).build();
        Submission s = env.editing().submit(byKey, SubmitMode.ASYNC);

        assertThat(emu.journal().uploads()).isEqualTo(1);
        assertThat(lastCreate(Endpoint.IMAGE_SYNTHESIS).header("X-DashScope-OssResourceResolve")).isEqualTo("enable");
        assertThat(lastCreate(Endpoint.IMAGE_SYNTHESIS).json().path("input").path("images").get(0).asText())
                .isEqualTo(oss);
        emu.clock().advance(Duration.ofMinutes(5));
        assertThat(editing.fetch(s.task()).status()).isEqualTo(RemoteStatus.SUCCEEDED);
    }

    @Test
    void anUploadRefusedOnce_isTriedAgainWithAFreshCertificate_andTheRequestGoesThrough() {
        emu.faults().add("on=upload times=1 do=error status=403 message=\"Invalid according to Policy: Policy expired.\"");
        ImageInput a = Emulated.local(dir.resolve("a.png"), 512, 512, 10, true);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(a).n(1).build();

        Submission s = editing.submit(r, SubmitMode.ASYNC);

        assertThat(emu.journal().requests(Endpoint.OSS_UPLOAD)).extracting(RecordedRequest::status).containsExactly(403, 200);
        assertThat(emu.journal().requests(Endpoint.UPLOAD_POLICY)).as("a fresh certificate for the second try").hasSize(2);
        List<RecordedRequest> uploads = emu.journal().requests(Endpoint.OSS_UPLOAD);
        assertThat(uploads.get(1).formPart("key").value()).as("a new upload_dir, so a new key")
                .isNotEqualTo(uploads.get(0).formPart("key").value());
        assertThat(emu.journal().requests(Endpoint.IMAGE_SYNTHESIS)).hasSize(1);
        assertSucceeds(s);
    }

    @Test
    void anUploadRefusedTwice_isAnUploadError_namingTheFile_notARefusedKey_andIsNotCached() {
        emu.faults().add("on=upload times=2 do=error status=403 message=\"Invalid according to Policy: Policy expired.\"");
        ImageInput a = Emulated.local(dir.resolve("a.png"), 512, 512, 10, true);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(a).n(1).build();

        RemoteServiceException e = catchThrowableOfType(RemoteServiceException.class, () -> editing.submit(r, SubmitMode.ASYNC));

        assertThat(e).as("the upload carries no DashScope key: not a key problem")
                .isNotInstanceOf(RemoteServiceException.Unauthorized.class)
                .isInstanceOf(RemoteServiceException.Unavailable.class);
        assertThat(e.code()).isEqualTo("AccessDenied");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.getMessage()).startsWith("uploading a.png to DashScope's temporary storage was refused (tried twice")
                .contains("OSS answered HTTP 403 AccessDenied: Invalid according to Policy: Policy expired.")
                .contains("nothing was created").doesNotContain(emu.apiKey());
        assertThat(e.requestId()).isEqualTo(emu.journal().requests(Endpoint.OSS_UPLOAD).get(1).requestId());
        assertThat(emu.journal().requests(Endpoint.IMAGE_SYNTHESIS)).isEmpty();

        editing.submit(r, SubmitMode.ASYNC);
        assertThat(emu.journal().uploads()).isEqualTo(1);
        assertThat(emu.journal().requests(Endpoint.IMAGE_SYNTHESIS)).hasSize(1);
    }

    @Test
    void anUploadAnswerLost_afterTheObjectWasStored_isTriedUnderANewKey_withoutAnOverwriteRefusal() {
        emu.faults().add("on=upload times=1 do=reset when=after");
        ImageInput a = Emulated.local(dir.resolve("a.png"), 512, 512, 12, true);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(a).n(1).build();

        Submission s = editing.submit(r, SubmitMode.ASYNC);

        assertThat(emu.journal().requests(Endpoint.OSS_UPLOAD)).extracting(RecordedRequest::status).containsExactly(0, 200);
        assertThat(emu.journal().uploads()).as("both landed; the second under its own key").isEqualTo(2);
        assertSucceeds(s);
    }

    @Test
    void aCertificateThatCannotBeHad_isUnavailable_sayingSo_andNothingIsCreated() {
        emu.faults().add("on=policy times=1 do=error status=500");
        ImageInput a = Emulated.local(dir.resolve("a.png"), 512, 512, 14, true);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(a).n(1).build();

        RemoteServiceException e = catchThrowableOfType(RemoteServiceException.class, () -> editing.submit(r, SubmitMode.ASYNC));

        assertThat(e).isInstanceOf(RemoteServiceException.Unavailable.class);
        assertThat(e.getMessage()).startsWith("getting an upload certificate for the local input files failed, so nothing "
                + "was created: ").contains("HTTP 500 InternalError");
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(emu.journal().requests(Endpoint.OSS_UPLOAD)).isEmpty();
        assertThat(emu.journal().requests(Endpoint.IMAGE_SYNTHESIS)).isEmpty();
    }

    @Test
    void aFormOssWillNeverTake_isRejectedAtOnce_namingTheUpload() {
        emu.faults().add("on=upload do=error status=400 code=EntityTooLarge message=\"Your proposed upload exceeds the maximum allowed size.\"");
        ImageInput a = Emulated.local(dir.resolve("big.png"), 512, 512, 13, true);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(a).n(1).build();

        RemoteServiceException e = catchThrowableOfType(RemoteServiceException.class, () -> editing.submit(r, SubmitMode.ASYNC));

        assertThat(e).isInstanceOf(RemoteServiceException.Rejected.class);
        assertThat(e.getMessage()).startsWith("uploading big.png to DashScope's temporary storage was refused: OSS answered "
                + "HTTP 400 EntityTooLarge");
        assertThat(emu.journal().requests(Endpoint.OSS_UPLOAD)).as("not tried again").hasSize(1);
        assertThat(emu.journal().requests(Endpoint.IMAGE_SYNTHESIS)).isEmpty();
    }

    @Test
    void objectNames_areAsciiAndCarryTheDigest() {
        assertThat(TemporaryUploads.objectName("0123456789abcdef0123", Path.of("/tmp/照片 1.png")))
                .isEqualTo("0123456789abcdef-___1.png");
        assertThat(TemporaryUploads.objectName("0123456789abcdef0123", Path.of("/tmp/猫.png")))
                .isEqualTo("0123456789abcdef-_.png");
        assertThat(Optional.of(TemporaryUploads.objectName("fedcba9876543210ff", Path.of("a.png"))))
                .contains("fedcba9876543210-a.png");
        // named by the real format: a JPEG called photo.png is uploaded as ….jpg
        assertThat(TemporaryUploads.objectName("0123456789abcdef0123", Path.of("/tmp/photo.png"), ImageFormat.JPEG))
                .isEqualTo("0123456789abcdef-photo.jpg");
        assertThat(TemporaryUploads.objectName("0123456789abcdef0123", Path.of("/tmp/scan"), ImageFormat.TIFF))
                .isEqualTo("0123456789abcdef-scan.tif");
        assertThat(TemporaryUploads.objectName("0123456789abcdef0123", Path.of("/tmp/a.jpeg"), ImageFormat.JPEG))
                .isEqualTo("0123456789abcdef-a.jpeg");
    }
}
