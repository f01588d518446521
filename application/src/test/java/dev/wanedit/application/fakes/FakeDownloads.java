package dev.wanedit.application.fakes;

import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.ResultImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A downloader serving bytes derived from the URL, and a store keeping what it was given; both in memory. */
public final class FakeDownloads implements ResultDownloader, ResultStore {

    private final Deque<RuntimeException> downloadFailures = new ArrayDeque<>();
    private final Map<String, byte[]> stored = new LinkedHashMap<>();
    private final Deque<RuntimeException> storeFailures = new ArrayDeque<>();
    private int downloads;
    private int cutShort;

    public FakeDownloads failNextDownload(RuntimeException e) {
        downloadFailures.add(e);
        return this;
    }

    /** The next {@code n} downloads deliver half the body under the whole body's Content-Length. */
    public synchronized FakeDownloads cutNextDownloadsShort(int n) {
        cutShort += n;
        return this;
    }

    private java.util.function.Consumer<EditJob> beforeNextStore;

    /** Runs {@code action} once, just before the next store keeps its bytes (another process acting meanwhile). */
    public synchronized FakeDownloads beforeNextStore(java.util.function.Consumer<EditJob> action) {
        this.beforeNextStore = action;
        return this;
    }

    /** The next store fails with {@code e} (a full disk, a refused bucket). */
    public synchronized FakeDownloads failNextStore(RuntimeException e) {
        storeFailures.add(e);
        return this;
    }

    public synchronized int downloads() {
        return downloads;
    }

    /** Stored content by location. */
    public synchronized Map<String, byte[]> stored() {
        return Map.copyOf(stored);
    }

    @Override
    public synchronized <T> T download(URI url, Handler<T> handler) {
        downloads++;
        if (!downloadFailures.isEmpty()) {
            throw downloadFailures.poll();
        }
        byte[] body = ("PNG of " + url).getBytes(StandardCharsets.UTF_8);
        byte[] sent = body;
        if (cutShort > 0) {
            cutShort--;
            sent = java.util.Arrays.copyOf(body, body.length / 2);
        }
        try (InputStream in = new ByteArrayInputStream(sent)) {
            return handler.handle(in, Optional.of("image/png"), OptionalLong.of(body.length));
        } catch (IOException e) {
            throw new RemoteServiceException.Unavailable("download failed", "", "", 0, e);
        }
    }

    @Override
    public synchronized StoredResult store(EditJob job, ResultImage image, InputStream content) {
        if (beforeNextStore != null) {
            java.util.function.Consumer<EditJob> action = beforeNextStore;
            beforeNextStore = null;
            action.accept(job);
        }
        if (!storeFailures.isEmpty()) {
            throw storeFailures.poll();
        }
        try {
            byte[] bytes = content.readAllBytes();
            String location = "mem://" + job.id() + "/" + image.index() + ".png";
            stored.put(location, bytes);
            return new StoredResult(location, sha256(bytes), bytes.length, Optional.of(location + ".json"));
        } catch (IOException e) {
            throw new ResultStoreException("could not read", new UncheckedIOException(e));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
