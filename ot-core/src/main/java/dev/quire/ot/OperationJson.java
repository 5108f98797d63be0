package dev.quire.ot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * The JSON form of {@link TextOperation}: {@code [5, "ab", -3]}, as a list ({@link #fromJson}) and
 * as canonical text ({@link #toJsonString}). Internal; {@link OperationJsonParser} reads the text.
 */
final class OperationJson {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private OperationJson() {}

    static TextOperation fromJson(List<?> components) {
        if (components == null) {
            throw new InvalidOperationException("fromJson: expected a list of components, found null");
        }
        TextOperation.Builder builder = new TextOperation.Builder(components.size() + 1);
        int index = 0;
        for (Object component : components) {
            if (component instanceof String text) {
                if (text.isEmpty()) {
                    throw invalid(index, "an empty string", "a non-empty string");
                }
                int bad = Surrogates.unpaired(text);
                if (bad >= 0) {
                    throw new InvalidOperationException("fromJson: component " + index
                            + " has an unpaired surrogate at index " + bad + " of its text");
                }
                try {
                    builder.insertTrusted(text);
                } catch (InvalidOperationException overflow) {
                    throw overflow(index, overflow);
                }
            } else if (component instanceof Number number) {
                int count = toInt(index, number);
                try {
                    if (count > 0) {
                        builder.retain(count);
                    } else {
                        builder.delete(-count);
                    }
                } catch (InvalidOperationException overflow) {
                    throw overflow(index, overflow);
                }
            } else {
                throw invalid(index, describe(component), "a non-zero integer or a non-empty string");
            }
            index++;
        }
        return builder.build();
    }

    private static int toInt(int index, Number number) {
        long value;
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            value = number.longValue();
        } else if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw invalid(index, String.valueOf(d), "a non-zero integer");
            }
            if (d != Math.rint(d)) {
                throw invalid(index, "the fraction " + d, "a non-zero integer");
            }
            if (Math.abs(d) > Integer.MAX_VALUE) {
                throw outOfRange(index, BigDecimal.valueOf(d).toBigInteger().toString());
            }
            value = (long) d;
        } else if (number instanceof BigInteger big) {
            if (big.bitLength() > 32) {
                throw outOfRange(index, big.toString());
            }
            value = big.longValue();
        } else if (number instanceof BigDecimal big) {
            if (big.stripTrailingZeros().scale() > 0) {
                throw invalid(index, "the fraction " + big.toPlainString(), "a non-zero integer");
            }
            BigInteger integer = big.toBigInteger();
            if (integer.bitLength() > 32) {
                throw outOfRange(index, integer.toString());
            }
            value = integer.longValue();
        } else {
            throw invalid(index, "a " + number.getClass().getSimpleName(), "a non-zero integer");
        }
        if (value == 0) {
            throw invalid(index, "0", "a non-zero integer");
        }
        if (value > Integer.MAX_VALUE || value < -Integer.MAX_VALUE) {
            throw outOfRange(index, Long.toString(value));
        }
        return (int) value;
    }

    // The builder's only failure here is a total length past Integer.MAX_VALUE.
    private static InvalidOperationException overflow(int index, InvalidOperationException cause) {
        return new InvalidOperationException("fromJson: component " + index + ": " + cause.getMessage());
    }

    private static InvalidOperationException outOfRange(int index, String value) {
        return new InvalidOperationException(
                "fromJson: component " + index + " is " + value + ", expected an integer in [-2147483647, 2147483647]");
    }

    private static InvalidOperationException invalid(int index, String found, String expected) {
        return new InvalidOperationException(
                "fromJson: component " + index + " is " + found + ", expected " + expected);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof java.util.Map) {
            return "an object";
        }
        if (value instanceof Boolean b) {
            return "the boolean " + b;
        }
        return "a " + value.getClass().getSimpleName();
    }

    static String toJsonString(TextOperation op) {
        StringBuilder out = new StringBuilder().append('[');
        for (int i = 0; i < op.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            int code = op.code(i);
            if (code == 0) {
                quote(out, op.textAt(i));
            } else {
                out.append(code);
            }
        }
        return out.append(']').toString();
    }

    // Jackson's default JsonGenerator.writeString, byte for byte: the server writes ops with it,
    // so this text is the wire form. Short escapes for the five that have one, a backslash-u escape
    // with upper-case hex for the other control characters, and everything else (non-ASCII,
    // U+2028, '/', DEL) as is.
    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
