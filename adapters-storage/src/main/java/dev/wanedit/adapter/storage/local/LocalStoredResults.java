package dev.wanedit.adapter.storage.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.adapter.storage.Digests;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.StoredResults;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.EditRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: {@link StoredResults} over the local store's folders.
 *
 * <p>Every output folder keeps an index, {@value #INDEX}: one JSON line per stored image naming its
 * job folder with the request's fingerprint, batch line and endpoint, appended (without an fsync:
 * it is only a shortcut) after the image and its sidecar are durable. The sidecars stay the truth:
 * a lookup reads the index once per folder and process, lists the folder, reads the sidecars of every
 * job folder the index does not name (written by an older wanedit, or by a process that died before
 * appending), and only then reads the sidecars of the matching job. A fresh folder costs nothing; a
 * folder of 10 000 results costs one read of the index and one listing, once.
 *
 * <p>What is loaded is what the folder held at the first lookup: results this process (or another
 * process on the same journal) stores later are in the journal, which is asked first.
 */
final class LocalStoredResults implements StoredResults {

    static final String INDEX = ".wanedit-index.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(LocalStoredResults.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A job folder is named by its job id; anything else in an output folder is the user's. */
    private static final java.util.regex.Pattern JOB_FOLDER = java.util.regex.Pattern.compile("\\d{8}-\\d{6}-\\d{3}-[0-9a-z]{6}");

    private final Path out;
    private final Map<Path, Map<String, List<String>>> folders = new ConcurrentHashMap<>();
    private final Set<Path> unreadable = ConcurrentHashMap.newKeySet();

    LocalStoredResults(Path out) {
        this.out = out.toAbsolutePath().normalize();
    }

    /** Appends one image's line to its folder's index; a failure is logged, never thrown (the sidecar is the truth). */
    static void indexed(Path jobDir, EditJob job) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("job", jobDir.getFileName().toString());
        o.put("key", key(job.fingerprint(), job.batch().map(b -> b.batchId()), job.batch().map(b -> b.lineKey()),
                job.endpoint()));
        byte[] line = (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        Path index = jobDir.getParent().resolve(INDEX);
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(line); // one write of a short line: appends of processes do not interleave
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            LOG.warn("cannot add job {} to the index {}: {}", job.id(), index, e.toString());
        }
    }

    private static String key(String fingerprint, Optional<String> batch, Optional<String> line, Optional<String> endpoint) {
        return fingerprint + "\u0000" + batch.orElse("") + "\u0000" + line.orElse("") + "\u0000" + endpoint.orElse("");
    }

    /**
     * {@inheritDoc}
     *
     * <p>A folder that cannot be read is logged once and searched no further: the line is then sent
     * as new, as it would be without this search.
     */
    @Override
    public Optional<Found> find(EditJob fresh) {
        try {
            return search(fresh);
        } catch (ResultStoreException e) {
            if (unreadable.add(folderOf(fresh.destination()))) {
                LOG.warn("cannot look for stored results of earlier runs: {}", e.getMessage());
            }
            return Optional.empty();
        }
    }

    private Optional<Found> search(EditJob fresh) {
        Path folder = folderOf(fresh.destination());
        if (unreadable.contains(folder) || !Files.isDirectory(folder)) {
            return Optional.empty(); // nothing stored there yet (not cached: it may appear)
        }
        String key = key(fresh.fingerprint(), fresh.batch().map(b -> b.batchId()), fresh.batch().map(b -> b.lineKey()),
                fresh.endpoint());
        List<String> jobs = folders.computeIfAbsent(folder, this::load).getOrDefault(key, List.of());
        for (String job : jobs.stream().sorted(Comparator.reverseOrder()).toList()) { // job ids sort by time: newest first
            Optional<Found> f = readJob(folder.resolve(job), false, new ArrayList<>())
                    .filter(found -> found.fingerprint().equals(fresh.fingerprint()) && found.batch().equals(fresh.batch())
                            && found.endpoint().equals(fresh.endpoint()));
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    @Override
    public Scan scan(Optional<String> place) {
        Path folder = folderOf(place);
        List<Found> found = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path dir : jobFolders(folder)) {
            readJob(dir, true, skipped).ifPresent(found::add);
        }
        return new Scan(found, skipped);
    }

    private Path folderOf(Optional<String> place) {
        return place.map(Path::of).orElse(out).toAbsolutePath().normalize();
    }

    /** The folder's fingerprint keys → job folder names: the index, plus the sidecars of folders it does not name. */
    private Map<String, List<String>> load(Path folder) {
        Map<String, Set<String>> keys = new HashMap<>();
        Set<String> named = new HashSet<>();
        Path index = folder.resolve(INDEX);
        try (BufferedReader r = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                try {
                    JsonNode o = MAPPER.readTree(line);
                    if (o != null && o.hasNonNull("job") && o.hasNonNull("key")) {
                        keys.computeIfAbsent(o.get("key").asText(), k -> new HashSet<>()).add(o.get("job").asText());
                        named.add(o.get("job").asText());
                    }
                } catch (IOException e) {
                    LOG.debug("skipping a damaged line of {}: {}", index, e.toString()); // a line cut by a crash
                }
            }
        } catch (NoSuchFileException e) {
            // a folder written before the index existed: its sidecars below
        } catch (IOException e) {
            throw new ResultStoreException("cannot read " + index + ": " + e.getMessage(), e);
        }
        for (Path dir : jobFolders(folder)) {
            if (!named.contains(dir.getFileName().toString())) {
                readJob(dir, false, new ArrayList<>()).ifPresent(f -> keys.computeIfAbsent(
                        key(f.fingerprint(), f.batch().map(b -> b.batchId()), f.batch().map(b -> b.lineKey()), f.endpoint()),
                        k -> new HashSet<>()).add(dir.getFileName().toString()));
            }
        }
        Map<String, List<String>> compact = new HashMap<>(keys.size() * 2);
        keys.forEach((k, v) -> compact.put(k, List.copyOf(v)));
        return compact;
    }

    private static List<Path> jobFolders(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder,
                p -> JOB_FOLDER.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))) {
            s.forEach(dirs::add);
        } catch (IOException e) {
            throw new ResultStoreException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        dirs.sort(Comparator.naturalOrder());
        return dirs;
    }

    /**
     * One job folder's stored images, from their sidecars; empty when it holds none of version 2.
     *
     * @param verify compare every image's digest with its sidecar's (else its size only)
     * @param skipped where to say which results cannot be used and why
     */
    private static Optional<Found> readJob(Path dir, boolean verify, List<String> skipped) {
        Map<String, Path> images = new HashMap<>();
        List<Path> sidecars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> !p.getFileName().toString().startsWith("."))) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0 || !Files.isRegularFile(p)) {
                    continue;
                }
                if (name.endsWith(".json")) {
                    sidecars.add(p);
                } else {
                    images.put(name.substring(0, dot), p);
                }
            }
        } catch (IOException e) {
            throw new ResultStoreException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        sidecars.sort(Comparator.naturalOrder());
        ResultSidecar.Parsed first = null;
        EditRequest request = null;
        String requestProblem = null;
        int slots = 0;
        Map<Integer, ResultImage> stored = new TreeMap<>();
        for (Path sidecar : sidecars) {
            Optional<ResultSidecar.Parsed> parsed;
            try {
                parsed = ResultSidecar.parse(Files.readAllBytes(sidecar));
            } catch (IOException | IllegalArgumentException e) {
                skipped.add(sidecar + ": " + e.getMessage());
                continue;
            }
            if (parsed.isEmpty()) {
                skipped.add(sidecar + ": written by a wanedit older than sidecar version 2, it does not name its request");
                continue;
            }
            ResultSidecar.Parsed p = parsed.get();
            if (first != null && (!first.jobId().equals(p.jobId()) || !first.fingerprint().equals(p.fingerprint()))) {
                skipped.add(sidecar + ": belongs to job " + p.jobId() + ", not to " + first.jobId() + " like the others in " + dir);
                continue;
            }
            String base = sidecar.getFileName().toString().replaceFirst("\\.json$", "");
            Path image = images.get(base);
            Optional<String> bad = image == null ? Optional.of("its image " + base + ".* is missing")
                    : check(image, p, verify);
            if (bad.isPresent()) {
                skipped.add(sidecar + ": " + bad.get());
                continue;
            }
            if (first == null) {
                first = p;
            }
            if (request == null && p.request().isPresent()) {
                request = p.request().get();
            }
            if (p.requestProblem().isPresent()) {
                requestProblem = p.requestProblem().get();
            }
            slots = Math.max(slots, p.slots());
            // <index>-2.png and so on hold different bytes of the same slot: the first one stands
            stored.putIfAbsent(p.index(), new ResultImage(p.index(), Optional.empty(), Optional.empty(), p.actualPrompt(),
                    Optional.of(image.toString()), Optional.of(p.sha256()), p.bytes(), Optional.empty(), Optional.empty()));
        }
        if (first == null) {
            return Optional.empty();
        }
        if (request == null && verify) {
            skipped.add(dir + ": job " + first.jobId() + " cannot be journaled again: its request is not kept whole ("
                    + requestProblem + ")");
        }
        JobId id;
        try {
            id = new JobId(first.jobId());
        } catch (IllegalArgumentException e) {
            skipped.add(dir + ": " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new Found(id, Optional.ofNullable(request), first.fingerprint(), first.batch(), first.endpoint(),
                Optional.of(dir.getParent().toString()), new RemoteTaskRef(first.taskId(), first.region(), first.endpoint()),
                first.jobCreatedAt(), slots, List.copyOf(stored.values()), dir.toString()));
    }

    private static Optional<String> check(Path image, ResultSidecar.Parsed p, boolean verify) {
        try {
            long size = Files.size(image);
            if (size != p.bytes()) {
                return Optional.of(image.getFileName() + " has " + size + " bytes, its sidecar says " + p.bytes());
            }
            if (verify && !Digests.sha256Hex(image).equals(p.sha256())) {
                return Optional.of(image.getFileName() + " does not have the digest its sidecar records");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read " + image.getFileName() + ": " + e.getMessage());
        }
    }
}
