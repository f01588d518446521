package dev.wanedit.application.service;

import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.InputReport;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.OwnBucketInputs;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.Violation;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Use case implementation: turns what the user typed into a checked {@link EditRequest}, reading
 * each local input's header through the {@link ImageInspector} and decoding inline images, so that
 * every problem — unreadable files and broken rules alike — is reported at once, before any call.
 */
public final class ValidateEditService implements ValidateEdit {

    private final ImageInspector inspector;
    private final ImageEditingService editing;
    private final ModelCatalog catalog;
    private final boolean localUrlsAllowed;
    private final OwnBucketInputs ownBucket;

    /** Input URLs must name public hosts (the real service fetches them from the internet). */
    public ValidateEditService(ImageInspector inspector, ImageEditingService editing, ModelCatalog catalog) {
        this(inspector, editing, catalog, false);
    }

    /**
     * @param localUrlsAllowed input URLs may name loopback and private hosts: only when the service
     *     is an emulator on this machine, which can fetch them
     */
    public ValidateEditService(ImageInspector inspector, ImageEditingService editing, ModelCatalog catalog,
                               boolean localUrlsAllowed) {
        this(inspector, editing, catalog, localUrlsAllowed, OwnBucketInputs.unconfigured());
    }

    /**
     * @param ownBucket reads the facts of inputs in the user's own bucket ({@code oss://bucket/key}),
     *     so that they are checked by the same rules as local files
     */
    public ValidateEditService(ImageInspector inspector, ImageEditingService editing, ModelCatalog catalog,
                               boolean localUrlsAllowed, OwnBucketInputs ownBucket) {
        this.ownBucket = ownBucket;
        this.inspector = inspector;
        this.editing = editing;
        this.catalog = catalog;
        this.localUrlsAllowed = localUrlsAllowed;
    }

    @Override
    public ValidationReport validate(EditRequestDraft edit, SubmitMode mode) {
        List<InputReport> inputs = new ArrayList<>();
        EditRequestDraft draft = resolved(edit, inputs);
        syncViolation(edit.modelId(), mode).ifPresent(draft::violation);
        EditRequestDraft.Findings findings = draft.findings();
        List<Violation> errors = findings.errors();
        List<Violation> warnings = findings.warnings();
        if (!errors.isEmpty()) {
            return new ValidationReport(inputs, errors, warnings, Optional.empty(), Optional.empty(), Optional.empty());
        }
        EditRequest request = draft.build();
        RequestPreview preview = editing.preview(SignedInputs.forPreview(request, ownBucket), mode);
        return new ValidationReport(inputs, errors, warnings, Optional.of(request), Optional.of(request.expectedOutput()),
                Optional.of(preview));
    }

    @Override
    public EditRequest prepare(EditRequestDraft edit) {
        return resolved(edit, new ArrayList<>()).build();
    }

    /** Adds a violation when a synchronous call is asked of a model that has none. */
    Optional<Violation> syncViolation(String modelId, SubmitMode mode) {
        if (mode != SubmitMode.SYNC) {
            return Optional.empty();
        }
        return catalog.find(modelId).flatMap(ModelSpec::synchronousCallViolation);
    }

    /** A copy of the edit under this service's catalog and URL policy, its image references read. */
    private EditRequestDraft resolved(EditRequestDraft edit, List<InputReport> inputs) {
        return edit.copy().catalog(catalog).localUrlsAllowed(localUrlsAllowed)
                .resolveImages((field, given, mask, problems) -> resolve(field, given, mask, problems, inputs));
    }

    private Optional<ImageInput> resolve(String field, String given, boolean mask, Consumer<Violation> problems,
                                         List<InputReport> inputs) {
        ImageInput.Kind kind = ImageInput.classify(given);
        try {
            ImageInput input = switch (kind) {
                case LOCAL -> {
                    Path path = Path.of(given.startsWith("file://") ? URI.create(given).getPath() : given);
                    yield new ImageInput.LocalImage(path, mask ? inspector.inspectMask(path) : inspector.inspect(path));
                }
                case REMOTE -> new ImageInput.RemoteImage(url(given.trim()), Optional.empty());
                case DATA -> inline(given, mask);
                case OSS -> ossObject(ImageInput.OssImage.parse(given.trim()), mask);
            };
            inputs.add(new InputReport(field, abbreviate(given), kind, input.facts()));
            return Optional.of(input);
        } catch (UnreadableImage e) {
            problems.accept(Violation.error(field, "\"" + abbreviate(given) + "\"", e.reason()));
        } catch (IllegalArgumentException e) {
            problems.accept(Violation.error(field, "\"" + abbreviate(given) + "\"", e.getMessage()));
        }
        inputs.add(new InputReport(field, abbreviate(given), kind, Optional.empty()));
        return Optional.empty();
    }

    /**
     * DashScope's own temporary upload as it is (the service resolves it); an object in the user's
     * bucket with the facts read from it, so that the same rules apply as to a local file.
     */
    private ImageInput.OssImage ossObject(ImageInput.OssImage object, boolean mask) {
        return object.isServiceTemporary() ? object : object.withFacts(ownBucket.inspect(object, mask));
    }

    private ImageInput inline(String dataUri, boolean mask) {
        int comma = dataUri.indexOf(',');
        int semi = dataUri.indexOf(";base64");
        if (comma < 0 || semi < 0 || semi > comma) {
            throw new IllegalArgumentException("is not a data:<mime>;base64,<data> URI");
        }
        String mime = dataUri.substring(5, semi);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(dataUri.substring(comma + 1).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the base64 data of the data URI is corrupt", e);
        }
        // the content decides the format: a declared type that differs is a warning of the domain's, and the
        // adapter sends the real one
        ImageFacts facts = mask ? inspector.inspectMask(bytes, "data:" + mime) : inspector.inspect(bytes, "data:" + mime);
        return new ImageInput.InlineImage(dataUri, facts);
    }

    /** Parses a URL, saying where it is broken without echoing it (the caller quotes it, abbreviated). */
    private static URI url(String text) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL: " + e.getReason() + " at index " + e.getIndex()
                    + " (spaces and other special characters must be percent-encoded)", e);
        }
    }

    /**
     * Input as it is echoed in messages: a long one (a data: URI, an overlong URL) by its start and
     * length only, and control characters (a newline in a file name) escaped so that one problem
     * stays on one line.
     */
    private static String abbreviate(String given) {
        String shown = given;
        if (given.length() > 80 && given.startsWith("data:")) {
            shown = given.substring(0, 40) + "…(" + given.length() + " chars)";
        } else if (given.length() > 300) {
            shown = given.substring(0, 120) + "…(" + given.length() + " chars)";
        }
        StringBuilder b = new StringBuilder(shown.length());
        shown.codePoints().forEach(cp -> {
            if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
