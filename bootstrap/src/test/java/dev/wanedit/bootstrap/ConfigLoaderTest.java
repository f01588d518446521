package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.Region;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path home;

    private ConfigLoader.Flags noFlags() {
        return new ConfigLoader.Flags(null, null, null, null, false);
    }

    @Test
    void load_nothingGiven_usesDefaults() {
        AppConfig c = new ConfigLoader(Map.of(), home).load(noFlags());

        assertThat(c.region()).isEqualTo(Region.BEIJING);
        assertThat(c.endpoint()).isEmpty();
        assertThat(c.home()).isEqualTo(home.resolve(".wanedit"));
        assertThat(c.journal()).isEqualTo(home.resolve(".wanedit/journal.db"));
        assertThat(c.outDir()).isEqualTo(Path.of("wanedit-out"));
        assertThat(c.oss()).isEmpty();
        assertThat(c.keys()).doesNotContainKey(Region.BEIJING);
    }

    @Test
    void load_flagsBeatEnvironmentBeatsFileBeatsDefaults() throws Exception {
        Path file = home.resolve("c.properties");
        Files.writeString(file, "region=singapore\nendpoint=http://file:1\nout=/from-file\nhome=/file-home\n");
        Map<String, String> env = Map.of("DASHSCOPE_REGION", "beijing", "WANEDIT_ENDPOINT", "http://env:2");

        AppConfig fileOnly = new ConfigLoader(Map.of(), home).load(new ConfigLoader.Flags(null, null, null, file, false));
        AppConfig envOverFile = new ConfigLoader(env, home).load(new ConfigLoader.Flags(null, null, null, file, false));
        AppConfig flagsOverAll = new ConfigLoader(env, home)
                .load(new ConfigLoader.Flags("singapore", "http://flag:3", Path.of("/flag-out"), file, true));

        assertThat(fileOnly.region()).isEqualTo(Region.SINGAPORE);
        assertThat(fileOnly.endpoint()).contains("http://file:1");
        assertThat(fileOnly.outDir()).isEqualTo(Path.of("/from-file"));
        assertThat(fileOnly.journal()).isEqualTo(Path.of("/file-home/journal.db"));
        assertThat(envOverFile.region()).isEqualTo(Region.BEIJING);
        assertThat(envOverFile.endpoint()).contains("http://env:2");
        assertThat(flagsOverAll.region()).isEqualTo(Region.SINGAPORE);
        assertThat(flagsOverAll.endpoint()).contains("http://flag:3");
        assertThat(flagsOverAll.outDir()).isEqualTo(Path.of("/flag-out"));
        assertThat(flagsOverAll.emulator()).isTrue();
    }

    @Test
    void load_userConfigFileIsReadWhenPresent() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".config/wanedit"));
        Files.writeString(dir.resolve("config.properties"), "region=singapore\n");

        assertThat(new ConfigLoader(Map.of(), home).load(noFlags()).region()).isEqualTo(Region.SINGAPORE);
    }

    @Test
    void load_perRegionKeysWinOverTheGenericKey() {
        Map<String, String> env = Map.of("DASHSCOPE_API_KEY", "sk-generic", "DASHSCOPE_API_KEY_SINGAPORE", "sk-sg");

        AppConfig config = new ConfigLoader(env, home).load(noFlags());

        assertThat(config.keys()).containsEntry(Region.SINGAPORE, "sk-sg").containsEntry(Region.BEIJING, "sk-generic");
        assertThat(config.toString()).doesNotContain("sk-");
    }

    @Test
    void load_ossFromEnvironment() {
        Map<String, String> env = Map.of("OSS_BUCKET", "my-bucket", "OSS_ENDPOINT", "https://oss-cn-beijing.aliyuncs.com");

        AppConfig c = new ConfigLoader(env, home).load(noFlags());

        assertThat(c.oss()).hasValueSatisfying(o -> {
            assertThat(o.bucket()).isEqualTo("my-bucket");
            assertThat(o.prefix()).isEqualTo("wanedit/");
        });
    }

    @Test
    void load_badInput_explainsWhatToFix() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(new ConfigLoader.Flags("mars", null, null, null, false)))
                .isInstanceOf(ConfigLoader.ConfigException.class).hasMessageContaining("mars").hasMessageContaining("singapore");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home)
                .load(new ConfigLoader.Flags(null, null, null, home.resolve("nope.properties"), false)))
                .isInstanceOf(ConfigLoader.ConfigException.class).hasMessageContaining("nope.properties");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("OSS_BUCKET", "b"), home).load(noFlags()))
                .isInstanceOf(ConfigLoader.ConfigException.class).hasMessageContaining("OSS_ENDPOINT");
    }
}
