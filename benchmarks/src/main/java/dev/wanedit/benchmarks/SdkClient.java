package dev.wanedit.benchmarks;

import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesis;
import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesisParam;
import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesisResult;
import com.alibaba.dashscope.exception.ApiException;
import com.alibaba.dashscope.exception.NoApiKeyException;
import dev.wanedit.emulator.DashScopeEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a user of the official DashScope Java SDK writes: {@code ImageSynthesis.asyncCall}, then
 * {@code wait}, then a download loop that writes each result URL to a file. The SDK is pointed at
 * the emulator through its base-URL constructor argument ({@code /api/v1} of the emulator).
 */
final class SdkClient {

    private final String apiKey;
    private final String baseUrl;
    private final Path outDir;
    private final Map<String, Instant> storedAt = new ConcurrentHashMap<>();
    private final Map<String, String> modelOf = new ConcurrentHashMap<>();
    private final AtomicInteger waitErrors = new AtomicInteger();

    SdkClient(DashScopeEmulator emu, Path outDir) {
        this.apiKey = emu.apiKey();
        this.baseUrl = emu.apiBaseUrl();
        this.outDir = outDir;
        // The SDK's file upload (a file:// image) asks for its upload policy at the global base URL,
        // not at the one given to ImageSynthesis: point both at the emulator.
        com.alibaba.dashscope.utils.Constants.baseHttpApiUrl = baseUrl;
    }

    /** One edit as a task: {@code images} for wan2.5, {@code function} + base image for wanx2.1. */
    record Edit(String model, String prompt, String image, String function) {
    }

    /** Creates the task (asyncCall); returns its id. */
    String create(Edit e) throws NoApiKeyException {
        ImageSynthesisParam.ImageSynthesisParamBuilder<?, ?> b = ImageSynthesisParam.builder()
                .apiKey(apiKey).model(e.model()).prompt(e.prompt()).n(1);
        if (e.function() == null) {
            b.images(List.of(e.image()));
        } else {
            b.function(e.function()).baseImageUrl(e.image());
        }
        ImageSynthesisResult r = synthesis().asyncCall(b.build());
        String id = r.getOutput().getTaskId();
        modelOf.put(id, e.model());
        return id;
    }

    /**
     * {@code wait} until the task ends, then download every result to disk. A wait that throws
     * (the SDK's wait gives up on a 429) is called again after a second, as a user's retry loop would.
     */
    List<Path> awaitAndDownload(String taskId) throws InterruptedException, IOException, NoApiKeyException {
        ImageSynthesisResult done;
        while (true) {
            try {
                done = synthesis().wait(taskId, apiKey);
                break;
            } catch (ApiException e) {
                waitErrors.incrementAndGet();
                Thread.sleep(1000);
            }
        }
        if (!"SUCCEEDED".equals(done.getOutput().getTaskStatus())) {
            throw new IOException("task " + taskId + " ended " + done.getOutput().getTaskStatus() + ": "
                    + done.getOutput().getMessage());
        }
        List<Path> files = new java.util.ArrayList<>();
        int i = 0;
        for (Map<String, String> result : done.getOutput().getResults()) {
            String url = result.get("url");
            if (url == null) {
                continue;
            }
            Path file = outDir.resolve(taskId + "-" + i++ + ".png");
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            try (InputStream in = URI.create(url).toURL().openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            files.add(file);
        }
        storedAt.put(taskId, Instant.now());
        return files;
    }

    private ImageSynthesis synthesis() {
        return new ImageSynthesis("image2image", baseUrl);
    }

    Map<String, Instant> storedAt() {
        return storedAt;
    }

    Map<String, String> modelOf() {
        return modelOf;
    }

    int waitErrors() {
        return waitErrors.get();
    }
}
