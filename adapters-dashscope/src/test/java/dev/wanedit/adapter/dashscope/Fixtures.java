package dev.wanedit.adapter.dashscope;

import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Test helpers: fixtures from the seed documents, and small inputs. */
final class Fixtures {

    private Fixtures() {
    }

    static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/dashscope/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImageInput.RemoteImage remote(String url) {
        return new ImageInput.RemoteImage(URI.create(url), Optional.empty());
    }

    static ImageInput.RemoteImage remote(String url, int w, int h) {
        return new ImageInput.RemoteImage(URI.create(url), Optional.of(new ImageFacts(ImageFormat.PNG, w, h, 1000, false)));
    }
}
