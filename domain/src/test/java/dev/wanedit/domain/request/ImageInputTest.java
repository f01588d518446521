package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.request.ImageInput.InlineImage;
import dev.wanedit.domain.request.ImageInput.Kind;
import dev.wanedit.domain.request.ImageInput.LocalImage;
import dev.wanedit.domain.request.ImageInput.OssImage;
import dev.wanedit.domain.request.ImageInput.RemoteImage;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageInputTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
        "https://example.com/a.png, REMOTE", "HTTP://EXAMPLE.COM/A.PNG, REMOTE", "' http://x/y.jpg', REMOTE",
        "'data:image/png;base64,AAAA', DATA", "'DATA:image/png;base64,AAAA', DATA",
        "oss://bucket/key.png, OSS", "OSS://bucket/key.png, OSS",
        "photo.png, LOCAL", "./in/photo.png, LOCAL", "/tmp/a.png, LOCAL", "C:\\img\\a.png, LOCAL", "https-notes.png, LOCAL",
    })
    void classify_userInput_kindWithoutTouchingAnything(String text, Kind kind) {
        assertThat(ImageInput.classify(text)).isEqualTo(kind);
    }

    @ParameterizedTest(name = "\"{0}\" is bucket {1}, key {2}")
    @CsvSource({"oss://bucket/key.png, bucket, key.png", "oss://b/dir/sub/k.jpg, b, dir/sub/k.jpg",
        "OSS://B/K, B, K"})
    void ossParse_bucketAndKey(String uri, String bucket, String key) {
        OssImage o = OssImage.parse(uri);
        assertThat(o.bucket()).isEqualTo(bucket);
        assertThat(o.key()).isEqualTo(key);
        assertThat(o.facts()).isEmpty();
        assertThat(o.uri()).isEqualTo("oss://" + bucket + "/" + key);
        assertThat(o.reference()).isEqualTo(o.uri());
        assertThat(o.label()).isEqualTo(o.uri());
    }

    @ParameterizedTest(name = "\"{0}\" is not oss://bucket/key")
    @ValueSource(strings = {"oss://bucket", "oss://bucket/", "oss:///key", "s3://bucket/key", "bucket/key", "oss:/b/k"})
    void ossParse_malformed_rejectedNamingUri(String uri) {
        assertThatThrownBy(() -> OssImage.parse(uri)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + uri + "\"").hasMessageContaining("oss://bucket/key");
    }

    @Test
    void inlineReference_neverContainsPayload() {
        InlineImage plain = Images.inline(Facts.png(10, 10).bytes(68));
        InlineImage digested = Images.inline(Facts.png(10, 10).bytes(68).sha256("abc123"));
        for (InlineImage i : new InlineImage[] {plain, digested}) {
            assertThat(i.reference()).doesNotContain(Images.INLINE_PAYLOAD).doesNotContain("base64");
            assertThat(i.label()).doesNotContain(Images.INLINE_PAYLOAD);
            assertThat(i.toString()).doesNotContain(Images.INLINE_PAYLOAD);
            assertThat(i.label()).isEqualTo("data:image/png (68 bytes)");
        }
        assertThat(digested.reference()).isEqualTo("data:image/png (68 bytes) sha256:abc123");
    }

    @ParameterizedTest(name = "\"{0}\" is not an inline image")
    @ValueSource(strings = {"image/png;base64,AAAA", "data:image/png,AAAA", "https://x/a.png"})
    void inline_notBase64DataUri_rejected(String uri) {
        assertThatThrownBy(() -> new InlineImage(uri, Facts.png(1, 1).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data:<mime>;base64,<data>");
    }

    @Test
    void inline_withoutFacts_rejected() {
        assertThatThrownBy(() -> new InlineImage("data:image/png;base64,AAAA", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remoteReference_dropsQueryWithSignature() {
        RemoteImage r = Images.remote("https://bucket.oss-cn-beijing.aliyuncs.com/in/a.png?Expires=1&OSSAccessKeyId=k&Signature=s");
        assertThat(r.reference()).isEqualTo("https://bucket.oss-cn-beijing.aliyuncs.com/in/a.png");
        assertThat(r.facts()).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" is not a remote image")
    @ValueSource(strings = {"ftp://example.com/a.png", "file:///tmp/a.png", "example.com/a.png"})
    void remote_nonHttpUrl_rejected(String url) {
        assertThatThrownBy(() -> new RemoteImage(URI.create(url), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }

    @Test
    void local_labelIsFileNameReferenceIsAbsolutePath() {
        LocalImage l = new LocalImage(Path.of("in", "..", "in", "photo.png"), Facts.png(10, 10).build());
        assertThat(l.label()).isEqualTo("photo.png");
        assertThat(Path.of(l.reference())).isAbsolute().isEqualTo(Path.of("in", "photo.png").toAbsolutePath().normalize());
        assertThat(l.facts()).hasValue(Facts.png(10, 10).build());
    }

    @Test
    void local_withoutPathOrFacts_rejected() {
        assertThatThrownBy(() -> new LocalImage(null, Facts.png(1, 1).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path");
        assertThatThrownBy(() -> new LocalImage(Path.of("a.png"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.png");
    }

    @Test
    void oss_blankBucketOrKey_rejected() {
        assertThatThrownBy(() -> new OssImage(" ", "k", Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OssImage("b", "", Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
