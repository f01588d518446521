package dev.wanedit.adapter.dashscope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.ImageEditingContract;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider contract, run against the DashScope adapter over real HTTP against the emulator
 * (its manual clock; tasks PENDING for 10 s of it), plus what only a provider with keys has.
 */
class DashScopeContractTest extends ImageEditingContract {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false)
            .queueTime(Duration.ofSeconds(10)));

    private DashScopeEmulator emu;
    private Emulated env;
    private DashScopeImageEditing editing;
    private DashScopeResultDownloader downloader;
    private int inputs;

    /** Built on first use in each test, after the extension started that test's emulator. */
    private Emulated env() {
        if (env == null || emu != EMULATOR.emulator()) {
            emu = EMULATOR.emulator();
            env = new Emulated(emu);
            editing = env.editing();
            downloader = env.downloader();
        }
        return env;
    }

    @Override
    protected ImageEditingService editing() {
        env();
        return editing;
    }

    @Override
    protected ResultDownloader downloader() {
        env();
        return downloader;
    }

    @Override
    protected ImageInput image(int width, int height) {
        return env().published("in-" + (inputs++) + ".png", width, height, inputs);
    }

    @Override
    protected void advance(Duration d) {
        env().emu.clock().advance(d);
    }

    @Override
    protected Instant now() {
        return env().emu.clock().now();
    }

    @Override
    protected Duration taskTime() {
        return Duration.ofMinutes(5);
    }

    @Override
    protected int tasksCreated() {
        return env().emu.journal().tasksCreated();
    }

    @Override
    protected String unknownTaskId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void preview_sendsNothingAtAll() {
        EditRequest request = blackAndWhite(1);
        int before = env().emu.journal().requests().size();

        editing().preview(request, SubmitMode.ASYNC);

        assertThat(env().emu.journal().requests()).hasSize(before);
    }

    @Test
    void aTaskOfAnotherProvider_isNeverQueriedOrCancelledHere() {
        RemoteTaskRef local = new RemoteTaskRef("local-0b1e0c1a-59b0-4d4c-9a53-2d4c1c0f9e11", Region.BEIJING,
                Optional.of("file:///home/someone/.wanedit/local-provider"));
        int before = env().emu.journal().requests().size();

        assertThatThrownBy(() -> editing().fetch(local)).isInstanceOf(RemoteServiceException.Unavailable.class)
                .hasMessageContaining("file:///home/someone/.wanedit/local-provider").hasMessageContaining("--provider");
        assertThatThrownBy(() -> editing().cancel(local)).isInstanceOf(RemoteServiceException.Unavailable.class);
        assertThat(env().emu.journal().requests()).hasSize(before);
    }

    @Test
    void create_withAKeyTheServiceDoesNotKnow_isUnauthorized_andCreatesNothing() {
        EditRequest request = blackAndWhite(1);
        DashScopeImageEditing wrongKey = Emulated.editing(env().settings(ApiKeys.of(Map.of(Region.BEIJING,
                "sk-not-a-key-of-this-service"))).build());

        assertThatThrownBy(() -> wrongKey.create(wrongKey.prepare(request, SubmitMode.ASYNC, wrongKey.endpoint())))
                .isInstanceOf(RemoteServiceException.Unauthorized.class);
        assertThat(tasksCreated()).isZero();
    }
}
