package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.catalog.Region;
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

    private ConfigLoader.ConfigException refused(Map<String, String> env, ConfigLoader.Flags flags) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(() -> new ConfigLoader(env, home).load(flags),
                ConfigLoader.ConfigException.class);
    }

    private ConfigLoader.Flags endpointFlag(String endpoint) {
        return new ConfigLoader.Flags(null, endpoint, null, null, false);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "127.0.0.1:8089 | has no scheme",
        "localhost:8089 | has no scheme",
        "ftp://example.com | only http:// and https://",
        "file:///tmp/x | only http:// and https://",
        "http://127.0.0.1:99999 | port 99999 is out of range",
        "http://127.0.0.1:0 | port 0 is out of range",
        "http://h:99999999999 | port 99999999999 is out of range",
        "http://example.com/?a=b | must not have a query",
        "http://example.com/#x | must not have a fragment",
        "http://exa mple.com | is not a valid URL",
        "http:// | is not a valid URL",
        "http:///api | no valid host name",
        "http://under_score.example | no valid host name",
        "http://例子.测试 | xn--"})
    void endpoint_thatIsNotAUsableBaseUrl_isRefusedNamingTheOption(String endpoint, String rule) {
        ConfigLoader.ConfigException e = refused(Map.of(), endpointFlag(endpoint));

        assertThat(e).as(endpoint).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("--endpoint \"").contains(rule));
    }

    @Test
    void endpoint_withUserInfo_isRefused_andThePasswordIsNeverEchoed() {
        ConfigLoader.ConfigException e = refused(Map.of("WANEDIT_ENDPOINT", "http://bob:hunter2@proxy.example:3128"),
                noFlags());

        assertThat(e.getMessage()).startsWith("WANEDIT_ENDPOINT \"http://bob:***@proxy.example:3128\"")
                .contains("must not contain user info").doesNotContain("hunter2");
    }

    @Test
    void endpoint_fineOnes_areKept_andLoopbackIsALocalEndpoint() {
        AppConfig local = new ConfigLoader(Map.of(), home).load(endpointFlag("http://[::1]:8089"));
        AppConfig proxy = new ConfigLoader(Map.of(), home).load(endpointFlag(" https://proxy.example/dashscope "));

        assertThat(local.endpoint()).contains("http://[::1]:8089");
        assertThat(local.localEndpoint()).isTrue();
        assertThat(proxy.endpoint()).contains("https://proxy.example/dashscope");
        assertThat(proxy.localEndpoint()).isFalse();
    }

    @Test
    void everyBadSetting_isReportedAtOnce_namingItsSource() throws Exception {
        Path file = Files.writeString(home.resolve("c.properties"), "region=mars\npoll-scale=fast\n");
        Path aFile = Files.writeString(home.resolve("a-file"), "x");
        Map<String, String> env = Map.of("WANEDIT_ENDPOINT", "ftp://x", "WANEDIT_HOME", aFile.toString(),
                "OSS_BUCKET", "B!", "OSS_ENDPOINT", "https://oss-cn-beijing.aliyuncs.com");

        ConfigLoader.ConfigException e = refused(env, new ConfigLoader.Flags(null, null, null, file, false));

        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage()).startsWith("5 problems with the configuration; nothing was run:")
                .contains("region in " + file + " \"mars\"", "WANEDIT_ENDPOINT \"ftp://x\"",
                        "WANEDIT_HOME \"" + aFile + "\"", "is a file, not a folder", "OSS_BUCKET \"B!\"",
                        "poll-scale in " + file + " \"fast\": is not a number");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-1", "NaN", "Infinity", "1e400", "101"})
    void pollScale_outOfRange_isRefused(String scale) {
        assertThat(refused(Map.of("WANEDIT_POLL_SCALE", scale), noFlags()).getMessage())
                .startsWith("WANEDIT_POLL_SCALE \"" + scale + "\": must be a number above 0 and at most 100");
    }

    @Test
    void journalAndOutput_mustBeUsableFolders() throws Exception {
        Path aFile = Files.writeString(home.resolve("a-file"), "x");
        Path folder = Files.createDirectories(home.resolve("folder"));

        assertThat(refused(Map.of("WANEDIT_JOURNAL", folder.toString()), noFlags()).getMessage())
                .startsWith("WANEDIT_JOURNAL").contains("is a directory");
        assertThat(refused(Map.of("WANEDIT_JOURNAL", aFile.resolve("j.db").toString()), noFlags()).getMessage())
                .contains(aFile + " is a file, not a folder (it holds the job journal)");
        ConfigLoader.Flags storing = new ConfigLoader.Flags(null, null, aFile.resolve("out"), null, false, true);
        assertThat(refused(Map.of(), storing).getMessage()).startsWith("--out \"").contains("results are stored in it");
        // a command that stores nothing does not care about the output folder
        assertThat(new ConfigLoader(Map.of(), home).load(new ConfigLoader.Flags(null, null, aFile, null, false, false)).outDir())
                .isEqualTo(aFile);
    }

    @Test
    void configFile_thatIsNotARegularFile_isRefusedSayingWhatItIs() throws Exception {
        assertThat(refused(Map.of(), new ConfigLoader.Flags(null, null, null, home, false)).getMessage())
                .isEqualTo("--config " + home + ": is a directory, not a file; it must be a properties file");
        Process mkfifo = new ProcessBuilder("mkfifo", home.resolve("pipe").toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        assertThat(refused(Map.of(), new ConfigLoader.Flags(null, null, null, home.resolve("pipe"), false)).getMessage())
                .contains("is a named pipe (FIFO)");
    }
}
