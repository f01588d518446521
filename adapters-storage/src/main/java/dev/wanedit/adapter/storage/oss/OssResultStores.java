package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.OSS;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.ResultStore;
import java.time.Clock;

/** Public factory for the OSS result store, for bootstrap code that does not go through Guice. */
public final class OssResultStores {

    private OssResultStores() {
    }

    /** Where the store puts the sidecar of the image it stored at {@code location}: the companion object {@code <key>.json}. */
    public static String sidecarOf(String location) {
        return location + ".json";
    }

    /** The store on {@code client}, which stays owned (and shut down) by the caller. */
    public static ResultStore create(OSS client, OssSettings settings, Clock clock, ImageInspector inspector) {
        return new OssResultStore(client, settings, clock, inspector);
    }
}
