package dev.wanedit.domain.testdata;

import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.ImageInput.InlineImage;
import dev.wanedit.domain.request.ImageInput.LocalImage;
import dev.wanedit.domain.request.ImageInput.OssImage;
import dev.wanedit.domain.request.ImageInput.RemoteImage;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Test-data builder for {@link ImageInput}s. No file or network is touched: local images carry a
 * path that need not exist and their facts are given.
 */
public final class Images {

    /** The folder local test images pretend to live in (relative; never created). */
    public static final Path FOLDER = Path.of("fixtures", "inputs");

    /** The base64 payload of every inline image built here; tests assert it never leaks. */
    public static final String INLINE_PAYLOAD = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private Images() {
    }

    /** A local image named after its facts, e.g. {@code png-1024x768.png}. */
    public static LocalImage local(Facts facts) {
        return local(facts.build());
    }

    public static LocalImage local(ImageFacts facts) {
        String name = facts.format().name().toLowerCase(Locale.ROOT) + "-" + facts.width() + "x" + facts.height()
                + "." + facts.format().name().toLowerCase(Locale.ROOT);
        return new LocalImage(FOLDER.resolve(name), facts);
    }

    public static LocalImage local(String fileName, Facts facts) {
        return new LocalImage(FOLDER.resolve(fileName), facts.build());
    }

    /** A JPEG 1024x768: valid input for every model. */
    public static LocalImage aJpeg() {
        return local(Facts.jpeg(1024, 768));
    }

    /** A remote URL whose facts are unknown (the service checks them). */
    public static RemoteImage remote(String url) {
        return new RemoteImage(URI.create(url), Optional.empty());
    }

    public static RemoteImage remote(String url, Facts facts) {
        return new RemoteImage(URI.create(url), Optional.of(facts.build()));
    }

    /** An inline {@code data:} image with {@link #INLINE_PAYLOAD} as its data. */
    public static InlineImage inline(Facts facts) {
        ImageFacts f = facts.build();
        return new InlineImage("data:" + f.format().mimeType() + ";base64," + INLINE_PAYLOAD, f);
    }

    /** {@code oss://bucket/key} without facts. */
    public static OssImage oss(String bucket, String key) {
        return new OssImage(bucket, key, Optional.empty());
    }

    public static OssImage oss(String bucket, String key, Facts facts) {
        return new OssImage(bucket, key, Optional.of(facts.build()));
    }
}
