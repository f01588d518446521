package dev.wanedit.application.fakes;

import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.ImageFacts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** An inspector that knows the facts it was told, by file name; any other file is unreadable. */
public final class FakeInspector implements ImageInspector {

    private final Map<String, ImageFacts> facts = new HashMap<>();

    public FakeInspector with(String fileName, ImageFacts f) {
        facts.put(fileName, f);
        return this;
    }

    @Override
    public ImageFacts inspect(Path file) {
        ImageFacts f = facts.get(file.getFileName().toString());
        if (f == null) {
            throw new UnreadableImage(file.toString(), "no such file");
        }
        return f;
    }

    @Override
    public ImageFacts inspect(byte[] content, String label) {
        ImageFacts f = facts.get(label);
        if (f == null) {
            throw new UnreadableImage(label, "not an image this fake knows");
        }
        return f;
    }
}
