package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.clean.ColumnType;
import io.tributary.clean.JsonValue;
import io.tributary.clean.OutputCheck;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * What DynamoDB refuses on its own, checked per clean row before it goes out, so that one such row
 * is rejected with its reason instead of failing the whole file's load (a refused item fails its
 * whole BatchWriteItem call):
 * <ul>
 *   <li>{@value #ITEM_SIZE}: an item over 400 KB, counted as DynamoDB counts it (attribute names
 *       and values in UTF-8, numbers by their significant digits);</li>
 *   <li>{@value #KEY}: a key attribute that is missing, empty, or longer than DynamoDB allows
 *       (2,048 bytes for a partition key, 1,024 for a sort key);</li>
 *   <li>{@value #NUMBER}: a {@code double} beyond DynamoDB's numbers (a magnitude from 1E-130 to
 *       below 1E+126), or such a number in a {@code json} value; decimals are held to that range when
 *       they are read;</li>
 *   <li>{@value #NESTING}: a {@code json} value nested deeper than DynamoDB's 32 levels.</li>
 * </ul>
 */
public final class DynamoDbItemCheck implements OutputCheck {

    public static final String ITEM_SIZE = "dynamodb_item_size";
    public static final String KEY = "dynamodb_key";
    public static final String NUMBER = "dynamodb_number";
    public static final String NESTING = "dynamodb_nesting";
    /** How deep DynamoDB nests maps and lists. */
    static final int MAX_DEPTH = 32;

    /** DynamoDB's largest item: 400 KB. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;
    private static final double LARGEST = 9.9999999999999999999999999999999999999E+125;
    private static final double SMALLEST = 1E-130;

    private final String partitionKey;
    private final String sortKey;
    private final int rowIdBytes;
    private byte[][] names;
    private int[] nameBytes;
    private int namesTotal;
    private int partition = -1;
    private int sort = -1;
    private boolean[] doubles;

    /**
     * @param partitionKey the table's partition key column, or null when items are keyed by a row id
     * @param sortKey      its sort key column, or null
     * @param rowId        the row id attribute's name and longest value prefix when items get one (null: none)
     */
    public DynamoDbItemCheck(String partitionKey, String sortKey, String rowId) {
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
        // the row id's value is "<raw key>#<line>[-<record>][.<part>]": the prefix and up to 45 more bytes
        this.rowIdBytes = rowId == null ? 0 : utf8Length(rowId) + 45;
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) {
        names = new byte[columns.size()][];
        nameBytes = new int[columns.size()];
        doubles = new boolean[columns.size()];
        namesTotal = rowIdBytes;
        for (int i = 0; i < columns.size(); i++) {
            names[i] = columns.get(i).getBytes(StandardCharsets.UTF_8);
            nameBytes[i] = names[i].length;
            namesTotal += nameBytes[i];
            doubles[i] = types.get(i) == ColumnType.DOUBLE;
            if (columns.get(i).equals(partitionKey)) {
                partition = i;
            } else if (columns.get(i).equals(sortKey)) {
                sort = i;
            }
        }
    }

    @Override
    public Refusal refusal(long line, Object[] row) {
        if (partition >= 0) {
            Refusal bad = key(row[partition], partitionKey, "partition", MAX_PARTITION_KEY_BYTES);
            if (bad != null) {
                return bad;
            }
        }
        if (sort >= 0) {
            Refusal bad = key(row[sort], sortKey, "sort", MAX_SORT_KEY_BYTES);
            if (bad != null) {
                return bad;
            }
        }
        long bound = namesTotal;
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v instanceof String s) {
                bound += 3L * s.length();
            } else if (v instanceof JsonValue j) {
                bound += 3L * j.json().length(); // a map or list is at most that, in UTF-8
                Refusal nested = nested(j.tree(), 1, columnName(i));
                if (nested != null) {
                    return nested;
                }
            } else {
                bound += 30;
                if (doubles[i] && v instanceof Double d && outOfRange(d)) {
                    return new Refusal(NUMBER, String.format(Locale.ROOT, "column %s: %s is beyond what a DynamoDB"
                            + " number holds (a magnitude from 1E-130 to 9.99E+125)", columnName(i), d));
                }
            }
        }
        if (bound <= MAX_ITEM_BYTES) {
            return null; // the usual case: an upper bound of the size is enough
        }
        // each value's size once: the item's, and which value is the largest
        long size = namesTotal;
        int largest = 0;
        long largestBytes = -1;
        for (int i = 0; i < row.length; i++) {
            long bytes = valueBytes(row[i]);
            size += bytes;
            if (bytes > largestBytes) {
                largest = i;
                largestBytes = bytes;
            }
        }
        if (size > MAX_ITEM_BYTES) {
            return new Refusal(ITEM_SIZE, String.format(Locale.ROOT, "the row makes a DynamoDB item of %,d bytes;"
                    + " DynamoDB holds at most %,d (400 KB) per item (the largest value: column %s, %,d bytes)",
                    size, MAX_ITEM_BYTES, columnName(largest), largestBytes));
        }
        return null;
    }

    private Refusal key(Object v, String column, String role, int max) {
        if (v == null) {
            return new Refusal(KEY, "column " + column + " is missing; it is the table's " + role
                    + " key, which every DynamoDB item must have");
        }
        if (v instanceof String s) {
            if (s.isEmpty()) {
                return new Refusal(KEY, "column " + column + " is empty; it is the table's " + role
                        + " key, which DynamoDB refuses empty");
            }
            int bytes = utf8Length(s);
            if (bytes > max) {
                return new Refusal(KEY, String.format(Locale.ROOT, "column %s is %,d bytes long; it is the table's"
                        + " %s key, which DynamoDB holds up to %,d bytes", column, bytes, role, max));
            }
        }
        return null;
    }

    private String columnName(int i) {
        return new String(names[i], StandardCharsets.UTF_8);
    }

    private static boolean outOfRange(double d) {
        double m = Math.abs(d);
        return m != 0 && (m > LARGEST || m < SMALLEST);
    }

    /**
     * What DynamoDB would refuse in a JSON value it holds as maps and lists: nesting deeper than
     * {@value #MAX_DEPTH} levels, or a number beyond its numbers; null when nothing.
     */
    private static Refusal nested(JsonNode node, int depth, String column) {
        if (node.isContainerNode()) {
            if (depth > MAX_DEPTH) {
                return new Refusal(NESTING, "column " + column + ": nested deeper than the " + MAX_DEPTH
                        + " levels of maps and lists DynamoDB holds");
            }
            for (JsonNode child : node) {
                Refusal refusal = nested(child, depth + 1, column);
                if (refusal != null) {
                    return refusal;
                }
            }
        } else if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            if (d.signum() != 0) {
                BigDecimal digits = d.stripTrailingZeros();
                long exponent = (long) digits.precision() - digits.scale() - 1;
                if (digits.precision() > 38 || exponent < -130 || exponent > 125) {
                    return new Refusal(NUMBER, "column " + column + ": the number " + node.asText() + " in it is beyond"
                            + " what a DynamoDB number holds (38 significant digits, a magnitude from 1E-130 to"
                            + " 9.99E+125)");
                }
            }
        }
        return null;
    }

    /** A value's size as DynamoDB counts it: text in UTF-8, a number 1 byte per two significant digits plus 1. */
    static long valueBytes(Object v) {
        if (v == null || v instanceof Boolean) {
            return 1;
        }
        if (v instanceof JsonValue j) {
            return treeBytes(j.tree());
        }
        if (v instanceof String s) {
            return utf8Length(s);
        }
        if (v instanceof BigDecimal d) {
            return numberBytes(d.signum() == 0 ? 1 : d.stripTrailingZeros().precision());
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Double) {
            String text = v.toString();
            int digits = 0;
            for (int i = 0; i < text.length() && text.charAt(i) != 'E'; i++) {
                digits += Character.isDigit(text.charAt(i)) ? 1 : 0;
            }
            return numberBytes(digits);
        }
        return utf8Length(v.toString()); // dates and timestamps are written as ISO-8601 text
    }

    /** A map or list: 3 bytes, and per element its size, its name's, and 1 byte. */
    private static long treeBytes(JsonNode node) {
        if (node.isObject()) {
            long size = 3;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                size += utf8Length(e.getKey()) + treeBytes(e.getValue()) + 1;
            }
            return size;
        }
        if (node.isArray()) {
            long size = 3;
            for (JsonNode child : node) {
                size += treeBytes(child) + 1;
            }
            return size;
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            return numberBytes(d.signum() == 0 ? 1 : d.stripTrailingZeros().precision());
        }
        if (node.isTextual()) {
            return utf8Length(node.textValue());
        }
        return 1;
    }

    private static long numberBytes(int significantDigits) {
        return (significantDigits + 1) / 2 + 1;
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
