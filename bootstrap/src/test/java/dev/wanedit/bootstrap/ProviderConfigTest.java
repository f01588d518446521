package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.wanedit.adapter.cli.RootCommand;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.domain.catalog.Region;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --provider}: chosen by flag, environment or file; local needs no key; the wiring swaps only the provider. */
class ProviderConfigTest {

    @TempDir
    Path home;

    private static ConfigLoader.Flags provider(String name) {
        return new ConfigLoader.Flags(null, null, null, null, false, false, name);
    }

    @Test
    void provider_defaultsToDashScope_andIsReadFromFlagThenEnvironmentThenFile() throws Exception {
        Path file = home.resolve("c.properties");
        Files.writeString(file, "provider=local\nlocal.task-seconds=6\n");

        assertThat(new ConfigLoader(Map.of(), home).load(provider(null)).provider()).isEqualTo(AppConfig.Provider.DASHSCOPE);
        AppConfig fromFile = new ConfigLoader(Map.of(), home).load(new ConfigLoader.Flags(null, null, null, file, false, false, null));
        assertThat(fromFile.provider()).isEqualTo(AppConfig.Provider.LOCAL);
        assertThat(fromFile.localTaskTime()).isEqualTo(Duration.ofSeconds(6));
        assertThat(fromFile.localProviderFolder()).isEqualTo(home.resolve(".wanedit/local-provider"));
        AppConfig envOverFile = new ConfigLoader(Map.of("WANEDIT_PROVIDER", "DashScope"), home)
                .load(new ConfigLoader.Flags(null, null, null, file, false, false, null));
        assertThat(envOverFile.provider()).isEqualTo(AppConfig.Provider.DASHSCOPE);
        AppConfig flagOverEnv = new ConfigLoader(Map.of("WANEDIT_PROVIDER", "dashscope"), home).load(provider("local"));
        assertThat(flagOverEnv.provider()).isEqualTo(AppConfig.Provider.LOCAL);
        assertThat(flagOverEnv.localTaskTime()).isZero();
        assertThat(flagOverEnv.pollScale()).as("local tasks are polled at their own pace").isEqualTo(ConfigLoader.LOCAL_POLL_SCALE);
        assertThat(new ConfigLoader(Map.of("WANEDIT_POLL_SCALE", "2"), home).load(provider("local")).pollScale()).isEqualTo(2.0);
        assertThat(new ConfigLoader(Map.of(), home).load(provider(null)).pollScale()).isEqualTo(1.0);
    }

    @Test
    void badProviderSettings_areRefusedNamingTheirSource() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(provider("openai")))
                .isInstanceOf(ConfigLoader.ConfigException.class)
                .hasMessageContaining("--provider \"openai\"").hasMessageContaining("dashscope or local");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WANEDIT_PROVIDER", "locale"), home).load(provider(null)))
                .hasMessageContaining("WANEDIT_PROVIDER \"locale\"");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WANEDIT_LOCAL_TASK_SECONDS", "-1"), home).load(provider("local")))
                .hasMessageContaining("WANEDIT_LOCAL_TASK_SECONDS \"-1\"").hasMessageContaining("0 to 3600");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WANEDIT_ENDPOINT", "http://127.0.0.1:8089"), home).load(provider("local")))
                .hasMessageContaining("WANEDIT_ENDPOINT").hasMessageContaining("no meaning with --provider \"local\"");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(new ConfigLoader.Flags(null, null, null, null, true, false,
                "local"))).hasMessageContaining("--emulator");
    }

    @Test
    @DisplayName("local: the graph resolves every command with the local provider's two ports, no key configured, no I/O")
    void localProvider_wiresItsTwoPorts_withoutAKey() {
        Path wanedit = home.resolve("wanedit-home");
        AppConfig config = new AppConfig(Region.BEIJING, Optional.empty(), home.resolve("out"), wanedit, wanedit.resolve("journal.db"),
                Map.of(), Optional.empty(), false, 1.0).withProvider(AppConfig.Provider.LOCAL, Duration.ofSeconds(2));
        try (Wiring wiring = new Wiring(config, false)) {
            Injector injector = Guice.createInjector(Stage.PRODUCTION, wiring.modules());

            assertThat(injector.getInstance(ImageEditingService.class).getClass().getName())
                    .isEqualTo("dev.wanedit.adapter.local.LocalImageEditing");
            assertThat(injector.getInstance(ResultDownloader.class).getClass().getName())
                    .isEqualTo("dev.wanedit.adapter.local.LocalResultDownloader");
            assertThat(injector.getInstance(ImageEditingService.class).endpoint())
                    .contains(config.localProviderFolder().toUri().toString().replaceAll("/$", ""));
            assertThat(injector.getInstance(RootCommand.class)).isNotNull();
            assertThat(wanedit).as("wiring does no I/O").doesNotExist();
        }
        try (Wiring dash = new Wiring(config.withProvider(AppConfig.Provider.DASHSCOPE, Duration.ZERO), false)) {
            Injector injector = Guice.createInjector(Stage.PRODUCTION, dash.modules());
            assertThat(injector.getInstance(ImageEditingService.class).getClass().getName()).startsWith("dev.wanedit.adapter.dashscope.");
        }
    }

    @Test
    void main_withTheLocalProvider_editsWithoutAnyKey() throws Exception {
        Path input = home.resolve("in.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(640, 512, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", input.toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("WANEDIT_HOME", home.resolve("h").toString());

        int rc = Main.run(new String[] {"--provider", "local", "--json", "edit", "-m", "wanx2.1-imageedit", "--function",
                "description_edit", "-i", input.toString(), "-p", "make it black and white", "-o", home.resolve("out").toString()},
                env, home, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);

        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("STORED");
        try (var files = Files.walk(home.resolve("out"))) {
            Path stored = files.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
            java.awt.image.BufferedImage result = javax.imageio.ImageIO.read(stored.toFile());
            assertThat(result.getWidth()).isEqualTo(640);
            assertThat(result.getHeight()).isEqualTo(512);
        }
    }
}
