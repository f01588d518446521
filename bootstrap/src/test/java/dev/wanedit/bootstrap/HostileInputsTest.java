package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Region;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus of issue #19: special and broken files, unusable URLs, bad options,
 * settings and environments, each through the whole wanedit of one process ({@link Main#run} with
 * the real wiring: real files, the header inspector, the SQLite journal, the DashScope adapter
 * against an emulator on 127.0.0.1), {@code validate} and {@code edit} alike. Every case states its
 * exit code and what the output must name (file, field, option or rule), and every case checks that
 * the output holds no stack trace and no secret; a refused case also checks that nothing was sent
 * (the emulator saw no request at all) and nothing journaled.
 */
@DisplayName("hostile inputs through validate and edit: exit code, a message naming what is wrong, nothing sent or journaled")
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard (a FIFO once blocked for ever), not a speed check
class HostileInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A key nobody could guess and not shaped like sk-…, so that only not printing it keeps it out. */
    private static final String KEY = "hostileSecret" + HexFormat.of().formatHex(new SecureRandom().generateSeed(10));
    private static final String PASSWORD = "hunter2pw";
    private static final String SIGNATURE = "s1gnatureValue";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static DashScopeEmulator emulator;
    private static Path root;
    private static Path files;
    private static Path runHome;

    // ------------------------------------------------------------------ the corpus

    /** One hostile input: the command line, the environment changes, the expected exit code and output fragments. */
    record Case(String name, List<String> args, Map<String, String> env, int exit, List<String> expect, boolean sends) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String WAN25 = "wan2.5-i2i-preview";

    private static List<String> validate(String... rest) {
        List<String> a = new ArrayList<>(List.of("validate"));
        a.addAll(List.of(rest));
        return a;
    }

    private static List<String> edit(String... rest) {
        List<String> a = new ArrayList<>(List.of("edit", "--detach"));
        a.addAll(List.of(rest));
        return a;
    }

    private static Case refused(String name, List<String> args, int exit, String... expect) {
        return new Case(name, args, Map.of(), exit, List.of(expect), false);
    }

    private static Case refusedWith(String name, Map<String, String> env, List<String> args, int exit, String... expect) {
        return new Case(name, args, env, exit, List.of(expect), false);
    }

    private static String f(String name) {
        return files.resolve(name).toString();
    }

    /** Bad files, each through validate and edit. */
    private static Stream<Case> fileCases() {
        List<Object[]> bad = List.of(
                new Object[] {"a FIFO", f("pipe.png"), "is a named pipe (FIFO), not a regular file"},
                new Object[] {"a directory", f("folder.png"), "is a directory, not a file"},
                new Object[] {"/dev/zero", "/dev/zero", "is a character device"},
                new Object[] {"a symlink to /dev/zero", f("zero.png"), "is a character device"},
                new Object[] {"a symlink loop", f("loop.png"), "is a symbolic link loop"},
                new Object[] {"a dangling symlink", f("dangling.png"), "is a symbolic link to a file that does not exist"},
                new Object[] {"a missing file", f("missing.png"), "no such file"},
                new Object[] {"a path under a file", f("a-file") + "/x.png", "no such file"},
                new Object[] {"an empty file", f("empty.png"), "the file is empty"},
                new Object[] {"a truncated PNG", f("truncated.png"), "truncated PNG"},
                new Object[] {"a truncated JPEG", f("truncated.jpg"), "truncated JPEG"},
                new Object[] {"a truncated WebP header", f("truncated.webp"), "truncated WEBP"},
                new Object[] {"huge dimensions in a tiny header", f("huge.png"), "width 100000 px is above the maximum 5000 px"},
                new Object[] {"non-image bytes", f("notes.png"), "unknown format: the content is not JPEG, PNG"},
                new Object[] {"a 0x0 image", f("zero-size.png"), "IHDR gives 0x0 pixels"},
                new Object[] {"a too small image", f("tiny.png"), "width 100 px is below the minimum 384 px"},
                new Object[] {"an alpha channel for wan2.5", f("alpha.png"), "has an alpha channel"},
                new Object[] {"a TIFF for wan2.5", f("scan.tif"), "format TIFF is not accepted by wan2.5-i2i-preview"},
                new Object[] {"a newline in a missing path", f("line\nbreak.png"), "line\\nbreak.png\": no such file"},
                new Object[] {"corrupt base64 in a data URI", "data:image/png;base64,@@@@", "the base64 data of the data URI is corrupt"},
                new Object[] {"a data URI that is not base64", "data:image/png,abc", "is not a data:<mime>;base64,<data> URI"});
        List<Case> cases = new ArrayList<>();
        for (Object[] b : bad) {
            String path = (String) b[1];
            String rule = (String) b[2];
            cases.add(refused("validate: " + b[0], validate("-m", WAN25, "-p", "edit", "-i", path), 3, "images[0]", rule));
            cases.add(refused("edit: " + b[0], edit("-m", WAN25, "-p", "edit", "-i", path), 3, "images[0]", rule,
                    "nothing was sent"));
        }
        if (!ROOT) { // root reads every file whatever its mode
            cases.add(refused("validate: an unreadable file", validate("-m", WAN25, "-p", "edit", "-i", f("unreadable.png")), 3,
                    "permission denied"));
        }
        return cases.stream();
    }

    private static final String[] MASKED = {"-m", "wanx2.1-imageedit", "--function", "description_edit_with_mask", "-p", "a rabbit"};

    private static List<String> with(List<String> head, String... rest) {
        List<String> a = new ArrayList<>(head);
        a.addAll(List.of(rest));
        return a;
    }

    /** Masks, misnamed files and awkward names. */
    private static Stream<Case> imageCases() {
        return Stream.of(
                refused("validate: a mask of another size", with(validate(MASKED), "-i", f("room.png"), "--mask", f("small-mask.png")),
                        3, "mask", "800*600", "must have exactly the base image's resolution 1024*768"),
                refused("edit: a mask of another size", with(edit(MASKED), "-i", f("room.png"), "--mask", f("small-mask.png")),
                        3, "must have exactly the base image's resolution"),
                new Case("validate: a grey mask is a warning naming the share", with(validate(MASKED), "-i", f("room.png"),
                        "--mask", f("grey-mask.png")), Map.of(), 0, List.of("warning", "mask", "25.0% of its pixels are neither "
                        + "black nor white", "white RGB(255,255,255) marks the area to edit"), false),
                refused("edit --strict: a grey mask", with(edit(MASKED), "--strict", "-i", f("room.png"), "--mask", f("grey-mask.png")),
                        3, "25.0% of its pixels are neither black nor white"),
                refused("validate: a FIFO as the mask", with(validate(MASKED), "-i", f("room.png"), "--mask", f("pipe.png")), 3,
                        "mask", "named pipe (FIFO)"),
                new Case("validate: a JPEG named .png is accepted with a warning", validate("-m", WAN25, "-p", "edit", "-i",
                        f("photo.png")), Map.of(), 0, List.of("warning", "\"photo.png\"", "says PNG", "content is JPEG",
                        "sent as image/jpeg", "data:image/jpeg;base64,"), false),
                refused("validate --strict: a JPEG named .png", validate("--strict", "-m", WAN25, "-p", "edit", "-i", f("photo.png")),
                        3, "content is JPEG"),
                new Case("edit: a JPEG named .png is sent as image/jpeg", edit("-m", "wanx2.1-imageedit", "--function",
                        "stylization_all", "-p", "edit", "-i", f("photo.png")), Map.of(), 0, List.of("content is JPEG",
                        "Submitted job"), true),
                new Case("validate: a path with spaces", validate("-m", WAN25, "-p", "edit", "-i", f("my photo.png")), Map.of(), 0,
                        List.of("Valid."), false),
                new Case("validate: a Chinese file name, local (uploaded under an ASCII name)", validate("-m", "wanx2.1-imageedit",
                        "--function", "stylization_all", "-p", "edit", "-i", f("照片.png")), Map.of(), 0, List.of("Valid."), false));
    }

    /** Input URLs. Validate with a public endpoint: local hosts are refused (no call is ever made by validate). */
    private static Stream<Case> urlCases() {
        String publicEndpoint = "https://dashscope.aliyuncs.com";
        List<Object[]> local = List.of(
                new Object[] {"loopback IPv4", "http://127.0.0.1:8080/a.png", "a loopback address"},
                new Object[] {"localhost", "http://localhost/a.png", "a loopback address"},
                new Object[] {"decimal loopback", "http://2130706433/a.png", "a loopback address"},
                new Object[] {"loopback IPv6", "http://[::1]/a.png", "a loopback address"},
                new Object[] {"IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/a.png", "a loopback address"},
                new Object[] {"the metadata address", "http://169.254.169.254/latest/meta-data", "a link-local address"},
                new Object[] {"link-local IPv6", "http://[fe80::1]/a.png", "a link-local address"},
                new Object[] {"private 10/8", "http://10.0.0.7/a.png", "a private network address"},
                new Object[] {"private 192.168/16", "http://192.168.1.20/a.png", "a private network address"},
                new Object[] {"unique local IPv6", "http://[fd00::1]/a.png", "a private network address"},
                new Object[] {"unspecified", "http://0.0.0.0/a.png", "the unspecified address"},
                new Object[] {"an mDNS name", "http://printer.local/a.png", "a name only a local network resolves"});
        List<Case> cases = new ArrayList<>();
        for (Object[] l : local) {
            cases.add(refused("validate: input URL on " + l[0], validate("--endpoint", publicEndpoint, "-m", WAN25, "-p", "edit",
                    "-i", (String) l[1]), 3, "images[0]", (String) l[2], "the service downloads input URLs itself"));
        }
        String longPath = "a".repeat(5000);
        cases.addAll(List.of(
                refused("validate: no scheme is a local path", validate("-m", WAN25, "-p", "e", "-i", "example.com/a.png"), 3,
                        "images[0]", "no such file"),
                refused("validate: ftp://", validate("-m", WAN25, "-p", "e", "-i", "ftp://example.com/a.png"), 3,
                        "needs an http or https URL"),
                refused("edit: ftp://", edit("-m", WAN25, "-p", "e", "-i", "ftp://example.com/a.png"), 3, "needs an http or https URL"),
                refused("validate: file:// to nothing", validate("-m", WAN25, "-p", "e", "-i", "file:///nonexistent/a.png"), 3,
                        "no such file"),
                refused("validate: user info in an input URL", validate("-m", WAN25, "-p", "e", "-i",
                        "https://bob:" + PASSWORD + "@example.com/a.png"), 3, "carries user info"),
                refused("edit: user info in an input URL", edit("-m", WAN25, "-p", "e", "-i",
                        "https://bob:" + PASSWORD + "@example.com/a.png"), 3, "carries user info"),
                new Case("validate: a signed query string is masked wherever it is printed", validate("-m", WAN25, "-p", "e", "-i",
                        "https://example.com/a.png?Expires=1&OSSAccessKeyId=LTAI&Signature=" + SIGNATURE), Map.of(), 0,
                        List.of("Signature=***", "Valid."), false),
                new Case("validate: a #fragment is a warning", validate("-m", WAN25, "-p", "e", "-i", "https://example.com/a.png#x"),
                        Map.of(), 0, List.of("warning", "fragment"), false),
                refused("validate: Chinese in a wanx2.1 URL", validate("-m", "wanx2.1-imageedit", "--function", "stylization_all",
                        "-p", "e", "-i", "https://example.com/图片.png"), 3, "base_image", "Chinese characters"),
                refused("edit: Chinese in a wanx2.1 URL", edit("-m", "wanx2.1-imageedit", "--function", "stylization_all",
                        "-p", "e", "-i", "https://example.com/图片.png"), 3, "Chinese characters"),
                refused("validate: an IDN host", validate("-m", WAN25, "-p", "e", "-i", "https://例子.测试/a.png"), 3,
                        "no valid host name", "xn--"),
                refused("validate: an input URL port out of range", validate("-m", WAN25, "-p", "e", "-i",
                        "https://example.com:99999/a.png"), 3, "port out of range"),
                refused("validate: spaces in a URL", validate("-m", WAN25, "-p", "e", "-i", "https://example.com/a b.png"), 3,
                        "is not a valid URL"),
                refused("validate: an overlong broken URL is echoed abbreviated", validate("-m", WAN25, "-p", "e", "-i",
                        "https://example.com/" + longPath + " x.png"), 3, "is not a valid URL", "chars)")));
        return cases.stream();
    }

    /** Options and settings: usage errors (2) name the option; domain rules (3) name the field. */
    private static Stream<Case> optionCases() {
        String[] base = {"-m", WAN25, "-p", "edit", "-i", null};
        base[5] = f("room.png");
        String[] wanx = {"-m", "wanx2.1-imageedit", "-p", "edit", "-i", f("room.png")};
        String[] wan27 = {"-m", "wan2.7-image", "-p", "edit", "-i", f("room.png")};
        return Stream.of(
                refused("edit: --endpoint port out of range", with(edit(base), "--endpoint", "http://127.0.0.1:99999"), 2,
                        "--endpoint \"http://127.0.0.1:99999\"", "port 99999 is out of range"),
                refused("edit: --endpoint ftp://", with(edit(base), "--endpoint", "ftp://example.com"), 2, "--endpoint",
                        "only http:// and https://"),
                refused("validate: --endpoint without a scheme", with(validate(base), "--endpoint", "example.com:8089"), 2,
                        "--endpoint", "has no scheme"),
                refused("edit: --endpoint with a proxy password", with(edit(base), "--endpoint",
                        "http://bob:" + PASSWORD + "@proxy.example:3128"), 2, "http://bob:***@proxy.example:3128",
                        "must not contain user info"),
                refused("edit: --endpoint with a query", with(edit(base), "--endpoint", "http://127.0.0.1:1/?k=v"), 2,
                        "must not have a query"),
                refused("edit: --endpoint with a fragment", with(edit(base), "--endpoint", "http://127.0.0.1:1/#f"), 2,
                        "must not have a fragment"),
                refusedWith("edit: WANEDIT_ENDPOINT not a URL", Map.of("WANEDIT_ENDPOINT", "http://exa mple"), edit(base), 2,
                        "WANEDIT_ENDPOINT", "is not a valid URL"),
                refused("edit: -n -1", with(edit(base), "-n", "-1"), 3, "n -1: must be from 1 to 4"),
                refused("edit: -n NaN", with(edit(base), "-n", "NaN"), 2, "'NaN' is not an int"),
                refused("edit: -n huge", with(edit(base), "-n", "99999999999"), 2, "99999999999"),
                refused("edit: --seed negative", with(edit(base), "--seed", "-5"), 3, "seed", "must be from 0 to 2147483647"),
                refused("edit: --seed huge", with(edit(base), "--seed", "2147483648"), 3, "seed", "must be from 0 to 2147483647"),
                refused("edit: --seed 1e3", with(edit(base), "--seed", "1e3"), 2, "--seed", "1e3"),
                refused("edit: --seed beyond a long", with(edit(base), "--seed", "99999999999999999999"), 2, "--seed"),
                refused("edit: --param NaN", with(edit(wanx), "--function", "super_resolution", "--param", "upscale_factor=NaN"), 3,
                        "params.upscale_factor", "must be an integer from 1 to 4"),
                refused("edit: --param Infinity", with(edit(wanx), "--function", "expand", "--param", "top_scale=Infinity"), 3,
                        "params.top_scale", "must be a number from 1.0 to 2.0"),
                refused("edit: --param without a value", with(edit(wanx), "--function", "expand", "--param", "top_scale"), 2,
                        "--param", "top_scale"),
                refused("edit: --param of another function", with(edit(wanx), "--function", "expand", "--param", "strength=0.5"), 3,
                        "params.strength", "expand takes only"),
                refused("edit: --bbox with three numbers", with(edit(wan27), "--bbox", "1,2,3"), 2, "--bbox", "is not x1,y1,x2,y2"),
                refused("edit: --bbox reversed", with(edit(wan27), "--bbox", "50,50,10,10"), 2, "--bbox", "needs x1 < x2"),
                refused("edit: --bbox outside the image", with(edit(wan27), "--bbox", "0,0,5000,10"), 3, "bbox_list[0][0]", "lies outside"),
                refused("edit: --size 0*0", with(edit(base), "--size", "0*0"), 3, "size \"0*0\""),
                refused("edit: --size 1280x720", with(edit(base), "--size", "1280x720"), 3, "size \"1280x720\"", "W*H"),
                refused("edit: --size overflowing", with(edit(base), "--size", "99999999999*2"), 3, "size"),
                refused("edit: an unknown model", edit("-m", "wan9-ultra", "-p", "edit", "-i", f("room.png")), 3,
                        "model \"wan9-ultra\"", "is not a known model"),
                refused("edit: an unknown function", with(edit(wanx), "--function", "teleport"), 3, "function \"teleport\""),
                refused("edit: an unknown region", with(edit(base), "--region", "mars"), 2, "mars"),
                refused("edit: --timeout negative", with(edit(base), "--timeout", "-5s"), 2, "--timeout", "-5s"),
                refused("edit: --config is a directory", with(edit(base), "--config", files.toString()), 2, "--config",
                        "is a directory"),
                refused("validate: --config is a FIFO", with(validate(base), "--config", f("pipe.png")), 2, "named pipe (FIFO)"),
                refusedWith("edit: a config file with bad values, all named at once", unset("WANEDIT_ENDPOINT", "WANEDIT_POLL_SCALE"),
                        with(edit(base), "--config", f("bad.properties")), 2,
                        "3 problems with the configuration", "region in " + f("bad.properties") + " \"mars\"",
                        "poll-scale in", "\"0\"", "endpoint in", "only http:// and https://"),
                refusedWith("edit: WANEDIT_HOME is a file", Map.of("WANEDIT_HOME", f("a-file")), edit(base), 2,
                        "WANEDIT_HOME \"" + f("a-file") + "\"", "is a file, not a folder"),
                refusedWith("validate: WANEDIT_HOME under a file", Map.of("WANEDIT_HOME", f("a-file") + "/home"), validate(base), 2,
                        "WANEDIT_HOME", "is a file, not a folder"),
                refusedWith("edit: WANEDIT_JOURNAL is a directory", Map.of("WANEDIT_JOURNAL", files.toString()), edit(base), 2,
                        "WANEDIT_JOURNAL", "is a directory"),
                refused("edit: the output folder cannot be created", with(edit(base), "-o", f("a-file") + "/out"), 2,
                        "--out", "is a file, not a folder", "results are stored in it"),
                refusedWith("edit: WANEDIT_OUT is a file", Map.of("WANEDIT_OUT", f("a-file")), edit(base), 2, "WANEDIT_OUT",
                        "is a file, not a folder"),
                refusedWith("edit: WANEDIT_POLL_SCALE Infinity", Map.of("WANEDIT_POLL_SCALE", "Infinity"), edit(base), 2,
                        "WANEDIT_POLL_SCALE \"Infinity\"", "must be a number above 0"),
                refusedWith("edit: a bad OSS bucket", Map.of("OSS_BUCKET", "Not_A_Bucket", "OSS_ENDPOINT", "https://oss-cn-beijing.aliyuncs.com"),
                        edit(base), 2, "OSS_BUCKET \"Not_A_Bucket\"", "is not a valid bucket name"),
                refusedWith("edit: an OSS endpoint with user info", Map.of("OSS_BUCKET", "results", "OSS_ENDPOINT",
                        "https://bob:" + PASSWORD + "@oss.example"), edit(base), 2, "OSS_ENDPOINT", "bob:***@"));
    }

    static Stream<Case> corpus() {
        return Stream.of(fileCases(), imageCases(), urlCases(), optionCases()).flatMap(s -> s);
    }

    // ------------------------------------------------------------------ running

    private record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Map<String, String> env(Path home, Map<String, String> changes) {
        Map<String, String> env = new HashMap<>();
        env.put("WANEDIT_HOME", home.toString());
        env.put("WANEDIT_OUT", root.resolve("out").toString());
        env.put("DASHSCOPE_API_KEY_BEIJING", KEY);
        env.put("WANEDIT_ENDPOINT", emulator.baseUrl());
        env.put("WANEDIT_POLL_SCALE", "0.02");
        changes.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return env;
    }

    private static Run run(List<String> args, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args.toArray(String[]::new), env, root.resolve("user-home"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void clearEmulator() {
        emulator.journal().clear();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileInput(Case c) throws Exception {
        Path home = Files.createTempDirectory(runHome, "home-");

        Run r = run(c.args(), env(home, c.env()));

        String shown = "wanedit " + String.join(" ", c.args()).replaceAll("a{200,}", "a…") + "\n--- exit " + r.exit()
                + "\n--- stdout\n" + r.out() + "\n--- stderr\n" + r.err();
        assertThat(r.exit()).as(shown).isEqualTo(c.exit());
        assertThat(r.all()).as(shown).contains(c.expect());
        assertThat(r.all()).as("no stack trace: " + shown).doesNotContain("\tat ", "at dev.", "at java.", "Exception");
        assertThat(r.all()).as("no secret: " + shown).doesNotContain(KEY, PASSWORD, SIGNATURE);
        assertThat(r.all().length()).as("no input echoed whole: " + shown).isLessThan(8000);
        if (c.sends()) {
            assertThat(emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS)).hasSize(1);
        } else {
            assertThat(emulator.journal().requests()).as("requests the emulator saw for a refused command").isEmpty();
            Run jobs = run(List.of("--json", "jobs"), env(home, Map.of()));
            assertThat(jobs.exit()).as(jobs.toString()).isZero();
            assertThat(JSON.readTree(jobs.out()).path("jobs")).as("jobs journaled by a refused command").isEmpty();
        }
    }

    @Test
    @DisplayName("a JPEG named .png reaches the service as image/jpeg, and the corpus has at least 50 inputs")
    void jpegNamedPng_isSentWithItsRealType() throws Exception {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(50);

        Run r = run(edit("-m", "wanx2.1-imageedit", "--function", "stylization_all", "-p", "edit", "-i", f("photo.png")),
                env(Files.createTempDirectory(runHome, "home-"), Map.of()));

        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode body = emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS).get(0).json();
        assertThat(body.at("/input/base_image_url").asText()).startsWith("data:image/jpeg;base64,");
    }

    // ------------------------------------------------------------------ fixtures

    @BeforeAll
    static void start() throws Exception {
        emulator = DashScopeEmulator.builder().port(0).timeScale(0.02).apiKey(Region.BEIJING, KEY).start();
        root = Files.createTempDirectory("wanedit-hostile-");
        files = Files.createDirectories(root.resolve("files"));
        runHome = Files.createDirectories(root.resolve("homes"));
        Files.createDirectories(root.resolve("user-home"));
        byte[] room = png(rgb(1024, 768, 0), "png");
        Files.write(files.resolve("room.png"), room);
        Files.write(files.resolve("my photo.png"), room);
        Files.write(files.resolve("照片.png"), room);
        Files.write(files.resolve("photo.png"), png(rgb(1024, 768, 0), "jpeg"));
        Files.write(files.resolve("small-mask.png"), png(mask(800, 600, 0), "png"));
        Files.write(files.resolve("grey-mask.png"), png(mask(1024, 768, 0.25), "png"));
        Files.write(files.resolve("tiny.png"), png(rgb(100, 100, 0), "png"));
        BufferedImage alpha = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_ARGB);
        Files.write(files.resolve("alpha.png"), png(alpha, "png"));
        Files.write(files.resolve("scan.tif"), png(rgb(1024, 768, 0), "tiff"));
        Files.write(files.resolve("empty.png"), new byte[0]);
        Files.writeString(files.resolve("notes.png"), "these are notes, not an image");
        Files.write(files.resolve("truncated.png"), Arrays.copyOf(room, 100));
        byte[] jpeg = png(rgb(600, 400, 0), "jpeg");
        Files.write(files.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.write(files.resolve("truncated.webp"), truncatedWebp());
        Files.write(files.resolve("huge.png"), pngHeader(100_000, 100_000));
        Files.write(files.resolve("zero-size.png"), pngHeader(0, 0));
        Files.writeString(files.resolve("a-file"), "a plain file");
        Files.createDirectories(files.resolve("folder.png"));
        Files.createSymbolicLink(files.resolve("zero.png"), Path.of("/dev/zero"));
        Files.createSymbolicLink(files.resolve("loop.png"), files.resolve("loop.png"));
        Files.createSymbolicLink(files.resolve("dangling.png"), files.resolve("gone.png"));
        Files.writeString(files.resolve("bad.properties"), "region=mars\npoll-scale=0\nendpoint=gopher://example.com\n");
        Process mkfifo = new ProcessBuilder("mkfifo", files.resolve("pipe.png").toString()).start();
        assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is available");
        if (!ROOT) {
            Path unreadable = Files.write(files.resolve("unreadable.png"), room);
            Files.setPosixFilePermissions(unreadable, java.util.Set.of());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        emulator.close();
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static BufferedImage rgb(int w, int h, int colour) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, colour == 0 ? (x * 255 / w) << 16 | (y * 255 / h) << 8 | 90 : colour);
            }
        }
        return img;
    }

    /** Left half white, right half black, the top {@code greyShare} of the rows mid-grey. */
    private static BufferedImage mask(int w, int h, double greyShare) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int greyRows = (int) Math.round(h * greyShare);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, y < greyRows ? 0x808080 : x < w / 2 ? 0xFFFFFF : 0x000000);
            }
        }
        return img;
    }

    private static byte[] png(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A complete PNG chunk sequence whose IHDR claims any size (the pixel data is a token). */
    private static byte[] pngHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 14 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
        b.putInt(2).put("IDAT".getBytes(StandardCharsets.US_ASCII)).put((byte) 0x78).put((byte) 0x9C).putInt(0);
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082);
        return b.array();
    }

    /** A WebP whose RIFF header declares far more bytes than the file has. */
    private static byte[] truncatedWebp() {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).put((byte) 0x2F);
        return b.array();
    }

    /** Environment changes that remove variables (so that a config file's keys are not overridden). */
    private static Map<String, String> unset(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, null);
        }
        return m;
    }
}
