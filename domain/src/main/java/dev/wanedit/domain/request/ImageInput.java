package dev.wanedit.domain.request;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * An input image: a local file, a remote http(s) URL, an inline {@code data:} URI, or an object in
 * OSS ({@code oss://bucket/key}). Local and inline images always carry their {@link ImageFacts};
 * remote and OSS images carry them only when the caller could read them, and the rules that need
 * facts are then checked by the service instead.
 */
public sealed interface ImageInput permits ImageInput.LocalImage, ImageInput.RemoteImage, ImageInput.InlineImage,
        ImageInput.OssImage {

    /** What the user typed, classified without touching the file system or network. */
    enum Kind { LOCAL, REMOTE, DATA, OSS }

    /** Facts about the image, when known locally. */
    Optional<ImageFacts> facts();

    /** A short name for messages: the file name, URL or key, quoted by callers. */
    String label();

    /**
     * A reference that is safe to store in sidecars and journals: a path, URL or oss:// key,
     * never a full data URI and never a credential.
     */
    String reference();

    /** Classifies user input: {@code http(s)://}, {@code data:}, {@code oss://}, else a local path. */
    static Kind classify(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("http://") || t.startsWith("https://")) {
            return Kind.REMOTE;
        }
        if (t.startsWith("data:")) {
            return Kind.DATA;
        }
        if (t.startsWith("oss://")) {
            return Kind.OSS;
        }
        if (t.matches("^[a-z][a-z0-9+.-]*://.*") && !t.startsWith("file://")) {
            return Kind.REMOTE; // an unsupported scheme is reported by RemoteImage, not looked up as a file
        }
        return Kind.LOCAL;
    }

    /** A file on this machine; the adapter inlines it or uploads it. */
    record LocalImage(Path path, ImageFacts knownFacts) implements ImageInput {
        public LocalImage {
            if (path == null) {
                throw new IllegalArgumentException("path must not be null");
            }
            if (knownFacts == null) {
                throw new IllegalArgumentException("facts of a local image must be known: " + path);
            }
        }

        @Override
        public Optional<ImageFacts> facts() {
            return Optional.of(knownFacts);
        }

        @Override
        public String label() {
            Path name = path.getFileName();
            return name == null ? path.toString() : name.toString();
        }

        @Override
        public String reference() {
            return path.toAbsolutePath().normalize().toString();
        }
    }

    /** A public http(s) URL the service fetches itself. */
    record RemoteImage(URI url, Optional<ImageFacts> facts) implements ImageInput {
        public RemoteImage {
            if (url == null || url.getScheme() == null
                    || !(url.getScheme().equalsIgnoreCase("http") || url.getScheme().equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("a remote image needs an http or https URL, got " + url);
            }
            facts = facts == null ? Optional.empty() : facts;
        }

        @Override
        public String label() {
            return reference();
        }

        /** Scheme, host, port and path; never user info (a credential) nor the query (often a signature). */
        @Override
        public String reference() {
            String host = url.getHost();
            if (host == null) { // an authority Java does not parse as a host (an IDN, a bad port): as given, less user info
                String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
                host = authority.substring(authority.lastIndexOf('@') + 1);
            } else if (url.getPort() >= 0) {
                host = host + ":" + url.getPort();
            }
            return url.getScheme() + "://" + host + (url.getRawPath() == null ? "" : url.getRawPath());
        }
    }

    /** An inline {@code data:<mime>;base64,<data>} image. */
    record InlineImage(String dataUri, ImageFacts knownFacts) implements ImageInput {
        public InlineImage {
            if (dataUri == null || !dataUri.regionMatches(true, 0, "data:", 0, 5) || !dataUri.contains(";base64,")) {
                throw new IllegalArgumentException("an inline image needs a data:<mime>;base64,<data> URI");
            }
            if (knownFacts == null) {
                throw new IllegalArgumentException("facts of an inline image must be known");
            }
        }

        @Override
        public Optional<ImageFacts> facts() {
            return Optional.of(knownFacts);
        }

        @Override
        public String label() {
            return "data:" + knownFacts.format().mimeType() + " (" + knownFacts.bytes() + " bytes)";
        }

        @Override
        public String reference() {
            return label() + knownFacts.sha256().map(d -> " sha256:" + d).orElse("");
        }

        @Override
        public String toString() {
            return "InlineImage[" + label() + "]";
        }
    }

    /**
     * An object in OSS, {@code oss://bucket/key}. Two kinds share the scheme: DashScope's own
     * temporary uploads ({@code oss://dashscope-instant/...}, protocol §3.3), which the service
     * resolves itself and which are sent as they are; and objects in the user's own bucket (any
     * other bucket), which the service cannot read: they are read with the user's OSS credentials
     * and sent as a short-lived signed URL.
     */
    record OssImage(String bucket, String key, Optional<ImageFacts> facts) implements ImageInput {

        /** The first path segment of every DashScope temporary upload's key (protocol §3.3 "upload_dir"). */
        public static final String SERVICE_TEMPORARY_BUCKET = "dashscope-instant";

        public OssImage {
            if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
                throw new IllegalArgumentException("an OSS image needs oss://bucket/key");
            }
            facts = facts == null ? Optional.empty() : facts;
        }

        /** Parses {@code oss://bucket/key}. */
        public static OssImage parse(String uri) {
            if (!uri.regionMatches(true, 0, "oss://", 0, 6)) {
                throw new IllegalArgumentException("\"" + uri + "\" is not an oss://bucket/key URI");
            }
            String rest = uri.substring(6);
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("\"" + uri + "\" is not an oss://bucket/key URI");
            }
            return new OssImage(rest.substring(0, slash), rest.substring(slash + 1), Optional.empty());
        }

        public String uri() {
            return "oss://" + bucket + "/" + key;
        }

        /** True for DashScope's own temporary upload, which the service resolves itself; false for the user's bucket. */
        public boolean isServiceTemporary() {
            return bucket.equals(SERVICE_TEMPORARY_BUCKET);
        }

        /** The same object with the facts read from it. */
        public OssImage withFacts(ImageFacts read) {
            return new OssImage(bucket, key, Optional.of(read));
        }

        @Override
        public String label() {
            return uri();
        }

        @Override
        public String reference() {
            return uri();
        }
    }
}
