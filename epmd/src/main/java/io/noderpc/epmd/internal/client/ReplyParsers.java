package io.noderpc.epmd.internal.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.noderpc.epmd.EpmdDump;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdKillReply;
import io.noderpc.epmd.EpmdNames;
import io.noderpc.epmd.EpmdProtocolException;
import io.noderpc.epmd.EpmdStopReply;
import io.noderpc.epmd.internal.EpmdProtocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The parsers of the one-shot replies: PORT2_RESP, NAMES, DUMP, KILL and STOP. */
public final class ReplyParsers {

    private static final String NAME_PREFIX = "name ";
    private static final String PORT_INFIX = " at port ";

    private ReplyParsers() {
    }

    /**
     * PORT2_RESP, complete as soon as the entry is (trailing bytes are ignored, as OTP does):
     * <pre>
     * 119 | 0 | PortNo:16 | NodeType:8 | Protocol:8 | High:16 | Low:16 | Nlen:16 | Name | Elen:16 | Extra
     * 119 | Result≠0                                                               (not registered)
     * </pre>
     */
    public static ReplyParser<Optional<EpmdEntry>> port2() {
        return new ReplyParser<>() {
            @Override
            public String requestName() {
                return "PORT_PLEASE2_REQ";
            }

            @Override
            public Optional<EpmdEntry> parse(ByteBuf in, boolean eof) {
                int base = in.readerIndex();
                int n = in.readableBytes();
                if (n >= 1 && in.getByte(base) != EpmdProtocol.PORT2_RESP) {
                    throw malformed(this, "reply tag " + in.getUnsignedByte(base) + " is not PORT2_RESP (119)", in);
                }
                if (n < 2) {
                    return needMore(this, in, eof);
                }
                if (in.getUnsignedByte(base + 1) != 0) {
                    return Optional.empty();
                }
                if (n < 12) {
                    return needMore(this, in, eof);
                }
                int nlen = in.getUnsignedShort(base + 10);
                if (n < 14 + nlen) {
                    return needMore(this, in, eof);
                }
                int elen = in.getUnsignedShort(base + 12 + nlen);
                if (n < 14 + nlen + elen) {
                    return needMore(this, in, eof);
                }
                if (nlen == 0) {
                    throw malformed(this, "empty node name in PORT2_RESP", in);
                }
                String name = strictUtf8(this, in, base + 12, nlen);
                byte[] extra = ByteBufUtil.getBytes(in, base + 14 + nlen, elen);
                return Optional.of(new EpmdEntry(name, in.getUnsignedShort(base + 2),
                        in.getUnsignedByte(base + 4), in.getUnsignedByte(base + 5),
                        in.getUnsignedShort(base + 6), in.getUnsignedShort(base + 8), extra));
            }
        };
    }

    /** NAMES reply: {@code EPMDPortNo:32} then {@code "name N at port P\n"} lines, until close. */
    public static ReplyParser<EpmdNames> names() {
        return new ReplyParser<>() {
            @Override
            public String requestName() {
                return "NAMES_REQ";
            }

            @Override
            public EpmdNames parse(ByteBuf in, boolean eof) {
                if (!eof) {
                    return null;
                }
                requireHeader(this, in);
                byte[] raw = ByteBufUtil.getBytes(in, in.readerIndex() + 4, in.readableBytes() - 4);
                return new EpmdNames(in.getInt(in.readerIndex()), parseNameLines(raw), raw);
            }
        };
    }

    /** DUMP reply: {@code EPMDPortNo:32} then NUL-terminated entries, until close. */
    public static ReplyParser<EpmdDump> dump() {
        return new ReplyParser<>() {
            @Override
            public String requestName() {
                return "DUMP_REQ";
            }

            @Override
            public EpmdDump parse(ByteBuf in, boolean eof) {
                if (!eof) {
                    return null;
                }
                requireHeader(this, in);
                return new EpmdDump(in.getInt(in.readerIndex()),
                        ByteBufUtil.getBytes(in, in.readerIndex() + 4, in.readableBytes() - 4));
            }
        };
    }

    /** KILL reply: {@code "OK"} or {@code "NO"}, until close; fewer than 2 bytes is malformed. */
    public static ReplyParser<EpmdKillReply> kill() {
        return new ReplyParser<>() {
            @Override
            public String requestName() {
                return "KILL_REQ";
            }

            @Override
            public EpmdKillReply parse(ByteBuf in, boolean eof) {
                if (!eof) {
                    return null;
                }
                byte[] raw = requireAtLeast(this, in, 2, "");
                EpmdKillReply.Outcome outcome = startsWith(raw, EpmdProtocol.KILL_OK) ? EpmdKillReply.Outcome.KILLED
                        : startsWith(raw, EpmdProtocol.KILL_NO) ? EpmdKillReply.Outcome.REFUSED
                        : EpmdKillReply.Outcome.UNEXPECTED;
                return new EpmdKillReply(outcome, raw);
            }
        };
    }

    /** STOP reply: {@code "STOPPED"} or {@code "NOEXIST"...}, until close; fewer than 7 bytes is malformed. */
    public static ReplyParser<EpmdStopReply> stop() {
        return new ReplyParser<>() {
            @Override
            public String requestName() {
                return "STOP_REQ";
            }

            @Override
            public EpmdStopReply parse(ByteBuf in, boolean eof) {
                if (!eof) {
                    return null;
                }
                byte[] raw = requireAtLeast(this, in, 7,
                        "; a daemon started without -relaxed_command_check closes STOP_REQ without a reply");
                EpmdStopReply.Outcome outcome = startsWith(raw, EpmdProtocol.STOPPED) ? EpmdStopReply.Outcome.STOPPED
                        : startsWith(raw, EpmdProtocol.NOEXIST) ? EpmdStopReply.Outcome.NOEXIST
                        : EpmdStopReply.Outcome.UNEXPECTED;
                return new EpmdStopReply(outcome, raw);
            }
        };
    }

    /** The {@code name N at port P} lines of a NAMES reply; other lines are skipped. */
    static List<EpmdNames.Node> parseNameLines(byte[] raw) {
        List<EpmdNames.Node> nodes = new ArrayList<>();
        for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
            int at = line.lastIndexOf(PORT_INFIX);
            if (!line.startsWith(NAME_PREFIX) || at < NAME_PREFIX.length()) {
                continue;
            }
            try {
                int port = Integer.parseInt(line.substring(at + PORT_INFIX.length()));
                if (port >= 0 && port <= 0xFFFF) {
                    nodes.add(new EpmdNames.Node(line.substring(NAME_PREFIX.length(), at), port));
                }
            } catch (NumberFormatException notAPort) {
                // not a node line; it stays in the raw text
            }
        }
        return nodes;
    }

    private static <T> T needMore(ReplyParser<?> parser, ByteBuf in, boolean eof) {
        if (eof) {
            throw malformed(parser, in.isReadable() ? "epmd closed the connection in the middle of the reply"
                    : "epmd closed the connection without replying", in);
        }
        return null;
    }

    private static void requireHeader(ReplyParser<?> parser, ByteBuf in) {
        if (in.readableBytes() < 4) {
            throw malformed(parser, "no response from epmd: the reply has " + in.readableBytes()
                    + " bytes, fewer than the 4-byte port header", in);
        }
    }

    private static byte[] requireAtLeast(ReplyParser<?> parser, ByteBuf in, int min, String hint) {
        if (in.readableBytes() < min) {
            throw malformed(parser, "epmd responded with <" + in.toString(StandardCharsets.ISO_8859_1)
                    + ">, expected at least " + min + " bytes" + hint, in);
        }
        return ByteBufUtil.getBytes(in);
    }

    private static boolean startsWith(byte[] raw, byte[] prefix) {
        return raw.length >= prefix.length && Arrays.equals(raw, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String strictUtf8(ReplyParser<?> parser, ByteBuf in, int index, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(ByteBufUtil.getBytes(in, index, length)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(parser, "node name in PORT2_RESP is not valid UTF-8", in);
        }
    }

    static EpmdProtocolException malformed(ReplyParser<?> parser, String what, ByteBuf in) {
        return new EpmdProtocolException("malformed reply to " + parser.requestName() + ": " + what,
                ByteBufUtil.getBytes(in));
    }
}
