package dev.wanedit.domain.request;

import java.util.Locale;

/**
 * What the host of a URL is, from its text alone (no name is ever looked up): a public host, or a
 * loopback, private, link-local, unspecified, multicast or reserved address, or a name that only a
 * local network resolves. The service fetches input URLs itself, from the internet, so only a
 * public host can work there (protocol §1.2: "public HTTP/HTTPS URL"); an emulator on this machine
 * fetches from loopback.
 *
 * <p>IPv4 literals are read as URL parsers and HTTP clients read them (WHATWG URL "IPv4 parser"):
 * one to four dot-separated parts in decimal, octal ({@code 0177}) or hex ({@code 0x7f}), so that
 * {@code 2130706433}, {@code 0x7f.1} and {@code 127.1} are all seen as 127.0.0.1. IPv6 literals
 * (brackets and zone ids allowed) are classified by prefix, with IPv4-mapped, IPv4-compatible and
 * NAT64 addresses classified by the IPv4 address inside. A name is public unless it is
 * {@code localhost} or under it (RFC 6761), under {@code .local} (mDNS, RFC 6762),
 * {@code .home.arpa} (RFC 8375), {@code .internal} or {@code .localdomain}, or a single label such
 * as {@code intranet}. A name that resolves to a private address is not caught: resolving it would
 * need a DNS lookup, which wanedit does not do.
 */
public enum HostKind {
    PUBLIC("a public host"),
    LOOPBACK("a loopback address (this machine)"),
    PRIVATE("a private network address"),
    LINK_LOCAL("a link-local address"),
    UNSPECIFIED("the unspecified address"),
    MULTICAST_OR_RESERVED("a multicast, broadcast or reserved address"),
    LOCAL_NAME("a name only a local network resolves"),
    INVALID("not a valid host name");

    private final String description;

    HostKind(String description) {
        this.description = description;
    }

    /** For messages: {@code "a loopback address (this machine)"}. */
    public String description() {
        return description;
    }

    public boolean isPublic() {
        return this == PUBLIC;
    }

    /** Classifies a host as {@code URI.getHost()} gives it ({@code null} is {@link #INVALID}). */
    public static HostKind of(String host) {
        if (host == null || host.isBlank()) {
            return INVALID;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            int[] groups = ipv6(h);
            return groups == null ? INVALID : ofIpv6(groups);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            return INVALID;
        }
        long v4 = ipv4(h);
        if (v4 >= 0) {
            return ofIpv4(v4);
        }
        if (v4 == NOT_AN_ADDRESS_BUT_NUMERIC) {
            return INVALID;
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return LOOPBACK;
        }
        for (String suffix : new String[] {".local", ".home.arpa", ".internal", ".localdomain"}) {
            if (h.endsWith(suffix) || h.equals(suffix.substring(1))) {
                return LOCAL_NAME;
            }
        }
        if (!h.contains(".")) {
            return LOCAL_NAME;
        }
        return PUBLIC;
    }

    private static final long NOT_IPV4 = -1;
    private static final long NOT_AN_ADDRESS_BUT_NUMERIC = -2;

    /** The WHATWG IPv4 parser: the address, {@link #NOT_IPV4} for a name, or the numeric-but-invalid marker. */
    private static long ipv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4 || !isNumber(parts[parts.length - 1])) {
            return NOT_IPV4; // the last label decides: a name unless it is a number
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!isNumber(parts[i])) {
                return NOT_AN_ADDRESS_BUT_NUMERIC;
            }
            values[i] = number(parts[i]);
            if (values[i] < 0) {
                return NOT_AN_ADDRESS_BUT_NUMERIC;
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return NOT_AN_ADDRESS_BUT_NUMERIC;
            }
            address = address << 8 | values[i];
        }
        int restBits = 8 * (5 - values.length);
        long last = values[values.length - 1];
        if (last >= 1L << restBits) {
            return NOT_AN_ADDRESS_BUT_NUMERIC;
        }
        return address << restBits | last;
    }

    private static boolean isNumber(String part) {
        if (part.isEmpty()) {
            return false;
        }
        if (part.startsWith("0x")) {
            return part.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return part.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A part's value (hex {@code 0x}, octal with a leading 0, else decimal), or -1 when it is too large or bad octal. */
    private static long number(String part) {
        try {
            String digits;
            int radix;
            if (part.startsWith("0x")) {
                digits = part.substring(2);
                radix = 16;
            } else if (part.length() > 1 && part.startsWith("0")) {
                digits = part.substring(1);
                radix = 8;
            } else {
                digits = part;
                radix = 10;
            }
            if (digits.isEmpty()) {
                return 0;
            }
            if (digits.length() > 12) {
                return -1;
            }
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return -1; // e.g. 08, not octal
        }
    }

    private static HostKind ofIpv4(long a) {
        int b0 = (int) (a >>> 24);
        int b1 = (int) (a >>> 16 & 0xFF);
        if (b0 == 0) {
            return UNSPECIFIED; // 0.0.0.0/8, "this network"
        }
        if (b0 == 127) {
            return LOOPBACK;
        }
        if (b0 == 10 || b0 == 172 && b1 >= 16 && b1 <= 31 || b0 == 192 && b1 == 168 || b0 == 100 && b1 >= 64 && b1 <= 127) {
            return PRIVATE; // RFC 1918, and 100.64/10 shared address space (RFC 6598)
        }
        if (b0 == 169 && b1 == 254) {
            return LINK_LOCAL;
        }
        if (b0 >= 224) {
            return MULTICAST_OR_RESERVED; // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast
        }
        return PUBLIC;
    }

    /** The eight 16-bit groups of an IPv6 literal (zone id dropped), or null when it is not one. */
    private static int[] ipv6(String text) {
        String h = text;
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        int[] groups = new int[8];
        String head = h;
        String tail = "";
        int gap = h.indexOf("::");
        if (gap >= 0) {
            if (h.indexOf("::", gap + 1) >= 0) {
                return null;
            }
            head = h.substring(0, gap);
            tail = h.substring(gap + 2);
        }
        int[] left = groups(head);
        int[] right = groups(tail);
        if (left == null || right == null) {
            return null;
        }
        if (gap < 0 ? left.length != 8 : left.length + right.length > 7) {
            return null;
        }
        System.arraycopy(left, 0, groups, 0, left.length);
        System.arraycopy(right, 0, groups, 8 - right.length, right.length);
        return groups;
    }

    /** The groups of one side of "::"; a dotted IPv4 tail counts as two groups. */
    private static int[] groups(String side) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.contains(".")) {
                String[] q = p.split("\\.", -1);
                if (q.length != 4) {
                    return null;
                }
                int[] b = new int[4];
                for (int j = 0; j < 4; j++) {
                    if (q[j].isEmpty() || q[j].length() > 3 || !q[j].chars().allMatch(Character::isDigit)) {
                        return null;
                    }
                    b[j] = Integer.parseInt(q[j]);
                    if (b[j] > 255) {
                        return null;
                    }
                }
                out.add(b[0] << 8 | b[1]);
                out.add(b[2] << 8 | b[3]);
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            out.add(Integer.parseInt(p, 16));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static HostKind ofIpv6(int[] g) {
        boolean first80Zero = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0;
        long embedded = (long) g[6] << 16 | g[7];
        if (first80Zero && g[5] == 0) {
            if (g[6] == 0 && g[7] == 0) {
                return UNSPECIFIED;
            }
            if (g[6] == 0 && g[7] == 1) {
                return LOOPBACK;
            }
            return ofIpv4(embedded); // IPv4-compatible ::a.b.c.d (deprecated)
        }
        if (first80Zero && g[5] == 0xFFFF) {
            return ofIpv4(embedded); // IPv4-mapped ::ffff:a.b.c.d
        }
        if (g[0] == 0x64 && g[1] == 0xFF9B && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0) {
            return ofIpv4(embedded); // NAT64 64:ff9b::/96
        }
        if ((g[0] & 0xFFC0) == 0xFE80) {
            return LINK_LOCAL;
        }
        if ((g[0] & 0xFE00) == 0xFC00 || (g[0] & 0xFFC0) == 0xFEC0) {
            return PRIVATE; // unique local fc00::/7, deprecated site-local fec0::/10
        }
        if ((g[0] & 0xFF00) == 0xFF00) {
            return MULTICAST_OR_RESERVED;
        }
        return PUBLIC;
    }
}
