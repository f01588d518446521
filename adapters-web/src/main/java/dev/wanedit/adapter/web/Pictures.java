package dev.wanedit.adapter.web;

import dev.wanedit.adapter.web.view.Picture;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides how a page refers to each image: a path relative to the report file, an embedded
 * thumbnail ({@code --embed}), a studio URL, or a signed OSS link. Remote http(s) inputs are never
 * loaded by a page (a report fetches nothing from outside); they are shown as links. Collects
 * what the page must declare: the HTTPS origins of signed links and when the first one expires.
 */
final class Pictures {

    /** How local files are referred to. */
    enum Mode {
        /** By a path relative to the report file. */
        RELATIVE,
        /** As a scaled {@code data:} thumbnail in the page; no local path appears anywhere. */
        EMBED,
        /** Through the studio's own {@code img/} URLs. */
        STUDIO
    }

    /** The longest side of an embedded thumbnail, in pixels. */
    static final int THUMBNAIL_SIDE = 480;

    private final Mode mode;
    private final Path reportDir;
    private final ImageRegistry registry;
    private final String studioBase;
    private final SignedLinks links;
    private final Set<String> origins = new TreeSet<>();
    private Optional<Instant> firstExpiry = Optional.empty();
    private boolean remoteNotLoaded;

    private Pictures(Mode mode, Path reportDir, ImageRegistry registry, String studioBase, SignedLinks links) {
        this.mode = mode;
        this.reportDir = reportDir;
        this.registry = registry;
        this.studioBase = studioBase;
        this.links = links;
    }

    /** For a report file written into {@code reportDir}. */
    static Pictures forReport(Path reportDir, boolean embed, SignedLinks links) {
        return new Pictures(embed ? Mode.EMBED : Mode.RELATIVE, reportDir.toAbsolutePath().normalize(), null, "", links);
    }

    /** For the studio, whose image URLs start with {@code base} (e.g. {@code /t/TOKEN/img/}). */
    static Pictures forStudio(ImageRegistry registry, String base, SignedLinks links) {
        return new Pictures(Mode.STUDIO, null, registry, base, links);
    }

    Mode mode() {
        return mode;
    }

    /** An input image of a request. */
    Picture input(ImageInput in, boolean mask) {
        int w = in.facts().map(ImageFacts::width).orElse(0);
        int h = in.facts().map(ImageFacts::height).orElse(0);
        if (in instanceof ImageInput.LocalImage local) {
            return local(local.path(), local.label(), w, h, mask);
        }
        if (in instanceof ImageInput.InlineImage inline) {
            return inline(inline, w, h, mask);
        }
        if (in instanceof ImageInput.OssImage oss) {
            return oss(oss.uri(), w, h);
        }
        ImageInput.RemoteImage remote = (ImageInput.RemoteImage) in;
        remoteNotLoaded = true;
        return new Picture(remote.label(), "", remote.reference(), w, h, remote.reference(),
                "a remote URL: not loaded by this page, open it yourself", false);
    }

    /** A stored result, by its location as the result store gave it (a local path or {@code oss://...}). */
    Picture stored(String location) {
        if (location.regionMatches(true, 0, "oss://", 0, 6)) {
            return oss(location, 0, 0);
        }
        if (location.regionMatches(true, 0, "http://", 0, 7) || location.regionMatches(true, 0, "https://", 0, 8)) {
            remoteNotLoaded = true;
            return new Picture(location, "", location, 0, 0, location, "a remote URL: not loaded by this page", false);
        }
        Path file = Path.of(location);
        return local(file, file.getFileName() == null ? location : file.getFileName().toString(), 0, 0, false);
    }

    private Picture local(Path file, String label, int knownW, int knownH, boolean mask) {
        Path abs = file.toAbsolutePath().normalize();
        int w = knownW;
        int h = knownH;
        if (!Files.isRegularFile(abs)) {
            return new Picture(label, "", "", w, h, shareable(abs), "the file is no longer there", false);
        }
        if (w == 0 || h == 0) {
            Optional<int[]> size = Thumbnails.size(abs);
            w = size.map(s -> s[0]).orElse(0);
            h = size.map(s -> s[1]).orElse(0);
        }
        switch (mode) {
            case EMBED: {
                Optional<String> uri = Thumbnails.read(abs).map(img -> Thumbnails.dataUri(img, THUMBNAIL_SIDE, mask));
                return new Picture(label, uri.orElse(""), "", w, h, shareable(abs),
                        uri.isPresent() ? "" : "not an image this page can show", false);
            }
            case STUDIO:
                return new Picture(label, studioBase + registry.register(abs), "", w, h, abs.toString(), "", false);
            case RELATIVE:
            default:
                return new Picture(label, relative(abs), "", w, h, abs.toString(), "", false);
        }
    }

    private Picture inline(ImageInput.InlineImage inline, int w, int h, boolean mask) {
        String uri = inline.dataUri();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1).trim());
        } catch (IllegalArgumentException e) {
            return new Picture(inline.label(), "", "", w, h, "inline in the request", "its data is not valid base64", false);
        }
        Optional<String> thumb = Thumbnails.read(bytes).map(img -> Thumbnails.dataUri(img, THUMBNAIL_SIDE, mask));
        return new Picture(inline.label(), thumb.orElse(""), "", w, h, "inline in the request (data: URI)",
                thumb.isPresent() ? "" : "not an image this page can show", false);
    }

    private Picture oss(String uri, int w, int h) {
        Optional<SignedLinks.SignedLink> link = links.sign(uri);
        if (link.isEmpty()) {
            return new Picture(uri, "", "", w, h, uri, "in OSS; no OSS access is configured here to sign a link", false);
        }
        URI url = link.get().url();
        origins.add(url.getScheme() + "://" + url.getRawAuthority());
        Instant expires = link.get().expiresAt();
        firstExpiry = Optional.of(firstExpiry.filter(e -> e.isBefore(expires)).orElse(expires));
        return new Picture(uri, url.toString(), url.toString(), w, h, uri,
                "signed link, expires " + Formats.time(expires), true);
    }

    /** The path of a file relative to the report, URI-encoded, with forward slashes. */
    private String relative(Path abs) {
        String rel = reportDir.relativize(abs).toString().replace('\\', '/');
        try {
            return new URI(null, null, rel, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot encode the path " + rel, e);
        }
    }

    /**
     * Where a local file is, as the page may say it: the full path, except in an embedded report
     * meant for sharing, which names only the job folder and file ({@code <job-id>/0.png}).
     */
    private String shareable(Path abs) {
        if (mode != Mode.EMBED) {
            return abs.toString();
        }
        int n = abs.getNameCount();
        return n >= 2 ? abs.getName(n - 2) + "/" + abs.getName(n - 1) : String.valueOf(abs.getFileName());
    }

    /** The HTTPS origins of the signed links handed out so far (for the page's content security policy). */
    Set<String> signedOrigins() {
        return Set.copyOf(origins);
    }

    /** When the first signed link handed out so far expires. */
    Optional<Instant> firstExpiry() {
        return firstExpiry;
    }

    /** True when some image is a remote URL the page does not load. */
    boolean remoteNotLoaded() {
        return remoteNotLoaded;
    }
}
