package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.catalog.WireFamily;
import java.util.Optional;

/**
 * The rules of a draft's input images and mask ({@link ImageRules} of its model): count, format,
 * sides, aspect ratio, size, alpha, and what the service can fetch of a URL. Violations are added
 * to the draft's {@link RequestRules}.
 */
final class InputImageRules {

    private final RequestRules rules;
    private final EditRequestDraft d;
    private final ModelSpec model;

    InputImageRules(RequestRules rules, EditRequestDraft d, ModelSpec model) {
        this.rules = rules;
        this.d = d;
        this.model = model;
    }

    void check() {
        ImageRules r = model.images();
        int count = d.images.size();
        String imagesField = model.wireFamily() == WireFamily.FUNCTION ? "base_image" : "images";
        if (count < r.minCount() || count > r.maxCount()) {
            String range = r.minCount() == r.maxCount() ? "exactly " + r.minCount()
                    : r.minCount() + " to " + r.maxCount();
            rules.error(imagesField, count + " given", model.id() + " takes " + range + " input image"
                    + (r.maxCount() == 1 ? "" : "s"));
        }
        for (int i = 0; i < count; i++) {
            String field = imageField(Optional.of(model), i, count);
            if (d.images.get(i) != null) {
                checkImage(field, d.images.get(i), r);
            }
        }
        if (d.mask != null) {
            checkImage("mask", d.mask, r);
        }
    }

    /**
     * The field input image {@code index} of {@code count} is reported under: {@code base_image}
     * for the one image of a model of the function family ({@code base_image_url} on the wire),
     * else {@code images[index]}.
     */
    static String imageField(Optional<ModelSpec> model, int index, int count) {
        boolean functional = model.map(m -> m.wireFamily() == WireFamily.FUNCTION).orElse(false);
        return functional && count == 1 ? "base_image" : "images[" + index + "]";
    }

    private void checkImage(String field, ImageInput in, ImageRules r) {
        if (in instanceof ImageInput.RemoteImage remote) {
            checkUrl(field, remote, r);
        }
        Optional<ImageFacts> facts = in.facts();
        if (facts.isEmpty()) {
            return; // remote or OSS without known facts: the service checks them
        }
        ImageFacts f = facts.get();
        String label = RequestRules.quote(in.label());
        String m = model.id();
        checkDeclaredFormat(field, in, f, label);
        if (!r.formats().contains(f.format())) {
            rules.error(field, label, "format " + f.format() + " is not accepted by " + m + "; accepted: "
                    + String.join(", ", r.formats().stream().map(Enum::name).sorted().toList()));
        }
        if (f.width() < r.minSide()) {
            rules.error(field, label, "width " + f.width() + " px is below the minimum " + r.minSide() + " px for " + m);
        }
        if (f.width() > r.maxSide()) {
            rules.error(field, label, "width " + f.width() + " px is above the maximum " + r.maxSide() + " px for " + m);
        }
        if (f.height() < r.minSide()) {
            rules.error(field, label, "height " + f.height() + " px is below the minimum " + r.minSide() + " px for " + m);
        }
        if (f.height() > r.maxSide()) {
            rules.error(field, label, "height " + f.height() + " px is above the maximum " + r.maxSide() + " px for " + m);
        }
        double aspect = (double) f.width() / f.height();
        if (aspect < r.minAspect() - 1e-9 || aspect > r.maxAspect() + 1e-9) {
            rules.error(field, label, "aspect ratio " + f.width() + ":" + f.height() + " is outside "
                    + RequestRules.ratio(r.minAspect()) + " to " + RequestRules.ratio(r.maxAspect()) + " for " + m);
        }
        if (f.bytes() > r.maxBytes()) {
            rules.error(field, label, "file is " + f.bytes() + " bytes (" + megabytes(f.bytes()) + "), over the "
                    + r.maxBytes() + "-byte (" + megabytes(r.maxBytes()) + ") limit of " + m);
        }
        if (f.alpha() && !r.alphaAllowed()) {
            rules.error(field, label, "has an alpha channel, which " + m + " does not support; flatten it first");
        }
    }

    /**
     * What the service can fetch: a public host (protocol §1.2), no credentials in the URL, and
     * for wanx2.1 no Chinese characters (protocol §1.2, §1.4).
     */
    private void checkUrl(String field, ImageInput.RemoteImage in, ImageRules r) {
        java.net.URI u = in.url();
        String label = RequestRules.quote(in.label());
        if (u.getRawUserInfo() != null) {
            rules.error(field, label, "carries user info (user:***@ before the host): the service fetches the URL itself and "
                    + "would be handed the credentials; use a signed URL or a local file instead");
        }
        HostKind kind = HostKind.of(u.getHost());
        if (kind == HostKind.INVALID) {
            String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
            boolean badPort = authority.matches(".*:[0-9]*$") && authority.substring(authority.lastIndexOf(':') + 1)
                    .chars().allMatch(Character::isDigit);
            rules.error(field, label, badPort ? "has a port out of range (1 to 65535)" : "has no valid host name"
                    + (authority.chars().anyMatch(c -> c > 127) ? "; write an international domain name in its xn-- form" : ""));
        } else if (!kind.isPublic() && !d.localUrlsAllowed) {
            rules.error(field, label, "host " + u.getHost() + " is " + kind.description() + ", but the service downloads input "
                    + "URLs itself, over the internet: give a public URL or a local file (local hosts work only when "
                    + "--endpoint names an emulator on this machine)");
        } else if (u.getPort() == 0 || u.getPort() > 65535) {
            rules.error(field, label, "has a port out of range (1 to 65535)");
        }
        if (r.noChineseInUrls() && containsChinese(u.toString())) {
            rules.error(field, label, model.id() + " refuses URLs that contain Chinese characters (protocol §1.2, §1.4); "
                    + "rename the file, or give a local file (it is uploaded under an ASCII name)");
        }
        if (u.getRawFragment() != null) {
            rules.warn(field, label, "has a #fragment, which is never sent to the server that holds the image; it is ignored");
        }
    }

    /** Han ideographs, CJK punctuation, bopomofo and full-width forms: what "Chinese characters" covers. */
    private static boolean containsChinese(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.BOPOMOFO
                || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS);
    }

    /**
     * The content decides the format (the inspector reads it from the bytes): a file whose name
     * or a data URI whose MIME type says otherwise is sent as what it is, with a warning.
     */
    private void checkDeclaredFormat(String field, ImageInput in, ImageFacts f, String label) {
        String real = f.format().mimeType();
        if (in instanceof ImageInput.LocalImage local) {
            Optional<ImageFormat> named = ImageFormat.fromFileName(local.label());
            if (named.isPresent() && named.get() != f.format()) {
                rules.warn(field, label, "the file name says " + named.get() + " but the content is " + f.format()
                        + "; it is sent as " + real + " (rename it to ." + f.format().fileExtension() + " to match)");
            }
        } else if (in instanceof ImageInput.InlineImage inline) {
            String uri = inline.dataUri();
            int semi = uri.indexOf(';');
            String declared = semi > 5 ? uri.substring(5, semi).trim() : "";
            Optional<ImageFormat> claimed = ImageFormat.fromMimeType(declared);
            if (claimed.isEmpty() || claimed.get() != f.format()) {
                rules.warn(field, label, "the data URI declares " + (declared.isEmpty() ? "no type" : declared) + " but holds "
                        + f.format() + " data; it is sent as " + real);
            }
        }
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) ImageRules.MB);
    }
}
