package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The parts of a task's answer that the create (synchronous wan2.7) and the task query share. */
final class TaskJson {
    private final DashScopeEmulator emu;

    TaskJson(DashScopeEmulator emu) {
        this.emu = emu;
    }

    /** The {@code output.choices} of a wan2.7 task: one message with its result images. */
    void addChoices(ObjectNode output, Task task) {
        ArrayNode choices = output.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("finish_reason", "stop");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        ArrayNode content = message.putArray("content");
        for (int i = 0; i < task.spec.count(); i++) {
            if (!task.imageFails(i)) {
                ObjectNode item = content.addObject();
                item.put("image", resultUrl(task, i));
                item.put("type", "image");
            }
        }
    }

    /** The {@code usage} of a wan2.7 task: images and tokens. */
    void addWan27Usage(ObjectNode out, Task task) {
        int images = task.succeededCount();
        int outputTokens = 2 + 3 * (images - 1);
        ObjectNode usage = out.putObject("usage");
        usage.put("image_count", images);
        usage.put("input_tokens", task.spec.inputTokens());
        usage.put("output_tokens", outputTokens);
        usage.put("size", task.spec.size());
        usage.put("total_tokens", task.spec.inputTokens() + outputTokens);
    }

    /** The signed OSS-style URL of one result image, valid until the task's results expire. */
    String resultUrl(Task task, int index) {
        long expires = task.resultsExpireAt().getEpochSecond();
        String object = task.id + "/" + index;
        return emu.baseUrl() + "/results/" + object + ".png?Expires=" + expires + "&OSSAccessKeyId="
                + OssUploads.ACCESS_KEY_ID + "&Signature="
                + URLEncoder.encode(OssUploads.sign(object + "\n" + expires), StandardCharsets.UTF_8);
    }
}
