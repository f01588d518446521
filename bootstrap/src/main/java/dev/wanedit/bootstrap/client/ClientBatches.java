package dev.wanedit.bootstrap.client;

import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.domain.request.EditRequestDraft;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.StreamSupport;

/**
 * A batch stated in code as the batch use case takes one from a manifest file: its edits as
 * numbered manifest lines, and an id that is the edits' digest, so that running the same edits
 * again is the same batch (and pays for nothing twice). Its one reason to change is how edits in
 * code map onto a manifest.
 */
final class ClientBatches {

    private ClientBatches() {
    }

    /** A batch with the models' own limits, no cost cap and the given deadline, identified by its edits. */
    static BatchSpec spec(Iterable<EditRequestDraft> edits, Duration deadline) {
        return new BatchSpec(batchId(edits), OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false, false,
                deadline);
    }

    /** The edits as manifest lines numbered from 1, read afresh on every pass. */
    static ManifestSource manifest(Iterable<EditRequestDraft> edits) {
        return () -> {
            long[] n = {0};
            return StreamSupport.stream(edits.spliterator(), false).map(c -> ManifestLine.of(++n[0], null, c));
        };
    }

    /** An id for a batch stated in code: its edits' digest. */
    static String batchId(Iterable<EditRequestDraft> edits) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (EditRequestDraft c : edits) {
                sha.update(c.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "api:" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
