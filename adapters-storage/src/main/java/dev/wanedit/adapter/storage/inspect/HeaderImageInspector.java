package dev.wanedit.adapter.storage.inspect;

import dev.wanedit.adapter.storage.Digests;
import dev.wanedit.application.files.RegularFiles;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.ImageFacts;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Adapter: {@link ImageInspector} that reads format, dimensions and alpha from the file headers
 * (JPEG, PNG, BMP, WEBP with VP8/VP8L/VP8X, TIFF either byte order) without decoding pixels. The
 * format comes from the content, whatever the file is called. Anything that is not a regular file
 * is refused before it is opened.
 */
final class HeaderImageInspector implements ImageInspector {

    @Override
    public ImageFacts inspect(Path file) {
        return inspect(file, Optional.empty());
    }

    @Override
    public ImageFacts inspect(Path file, String knownSha256) {
        return inspect(file, Optional.of(knownSha256));
    }

    private ImageFacts inspect(Path file, Optional<String> knownSha256) {
        String label = file.toString();
        // Never open what is not a regular file: a FIFO would block forever, /dev/zero never ends.
        Optional<String> notRegular = RegularFiles.problem(file);
        if (notRegular.isPresent()) {
            throw new UnreadableImage(label, notRegular.get());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            // The content decides the format; a name that says otherwise is the domain's warning, not a refusal.
            ImageHeaders.Header h = header(ByteSource.of(ch, size), label);
            String sha = knownSha256.isPresent() ? knownSha256.get() : Digests.sha256Hex(Channels.newInputStream(ch.position(0)));
            return new ImageFacts(h.format(), h.width(), h.height(), size, h.alpha(), Optional.of(sha));
        } catch (NoSuchFileException e) {
            throw new UnreadableImage(label, "no such file");
        } catch (AccessDeniedException e) {
            throw new UnreadableImage(label, "permission denied");
        } catch (IOException e) {
            throw new UnreadableImage(label, "cannot be read: " + e.getMessage());
        }
    }

    @Override
    public ImageFacts inspectMask(Path file) {
        ImageFacts facts = inspect(file);
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
            return MaskPixels.withTones(facts, in);
        } catch (IOException e) {
            return facts;
        }
    }

    @Override
    public ImageFacts inspectMask(byte[] content, String label) {
        ImageFacts facts = inspect(content, label);
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(
                new java.io.ByteArrayInputStream(content))) {
            return MaskPixels.withTones(facts, in);
        } catch (IOException e) {
            return facts;
        }
    }

    @Override
    public ImageFacts inspect(byte[] content, String label) {
        try {
            ImageHeaders.Header h = header(ByteSource.of(content), label);
            return new ImageFacts(h.format(), h.width(), h.height(), content.length, h.alpha(),
                    Optional.of(Digests.sha256Hex(content)));
        } catch (IOException e) {
            throw new UnreadableImage(label, "cannot be read: " + e.getMessage());
        }
    }

    private static ImageHeaders.Header header(ByteSource src, String label) throws IOException {
        try {
            return ImageHeaders.read(src);
        } catch (ImageHeaders.Bad e) {
            throw new UnreadableImage(label, e.getMessage());
        }
    }
}
