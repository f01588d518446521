package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hosts classified from their text alone, as URL parsers read them; no lookups. */
class HostKindTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "example.com, PUBLIC",
        "dashscope-result-bj.oss-cn-beijing.aliyuncs.com, PUBLIC",
        "8.8.8.8, PUBLIC",
        "[2001:4860:4860::8888], PUBLIC",
        "127.0.0.1, LOOPBACK",
        "127.8.9.10, LOOPBACK",
        "2130706433, LOOPBACK",       // decimal 127.0.0.1
        "0x7f000001, LOOPBACK",       // hex
        "0177.0.0.1, LOOPBACK",       // octal
        "127.1, LOOPBACK",            // two parts
        "127.0.0.1., LOOPBACK",       // trailing dot
        "localhost, LOOPBACK",
        "LOCALHOST., LOOPBACK",
        "api.localhost, LOOPBACK",
        "[::1], LOOPBACK",
        "[0:0:0:0:0:0:0:1], LOOPBACK",
        "[::ffff:127.0.0.1], LOOPBACK",
        "[::ffff:7f00:1], LOOPBACK",
        "10.0.0.5, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "172.32.0.1, PUBLIC",
        "192.168.1.20, PRIVATE",
        "100.64.0.1, PRIVATE",
        "[fd12:3456::1], PRIVATE",
        "[fc00::1], PRIVATE",
        "[::ffff:10.1.2.3], PRIVATE",
        "[64:ff9b::192.168.0.1], PRIVATE",
        "169.254.169.254, LINK_LOCAL", // the cloud metadata address
        "[fe80::1%eth0], LINK_LOCAL",
        "[fe80::1], LINK_LOCAL",
        "0.0.0.0, UNSPECIFIED",
        "0, UNSPECIFIED",
        "[::], UNSPECIFIED",
        "224.0.0.1, MULTICAST_OR_RESERVED",
        "255.255.255.255, MULTICAST_OR_RESERVED",
        "[ff02::1], MULTICAST_OR_RESERVED",
        "printer.local, LOCAL_NAME",
        "nas.home.arpa, LOCAL_NAME",
        "db.internal, LOCAL_NAME",
        "intranet, LOCAL_NAME",
        "256.1.1.1, INVALID",
        "1.2.3.4.5, PUBLIC",          // five labels: a name, not an address (WHATWG: more than four parts)
        "09.1.1.1, INVALID",          // 09 is not octal
        "[1::2::3], INVALID",
        "[12345::1], INVALID",
        "' ', INVALID"})
    void of_classifiesTheText(String host, HostKind expected) {
        assertThat(HostKind.of(host)).isEqualTo(expected);
    }
}
