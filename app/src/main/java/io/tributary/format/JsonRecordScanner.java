package io.tributary.format;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Finds the fields of a JSON record's text (a JSON Lines line, or an element of a JSON array, which
 * may span lines) that holds one object of plain values straight from its UTF-8 bytes, without a
 * JSON parser: names and strings without escapes, numbers, {@code true},
 * {@code false}, {@code null}, objects within the depth limit, flattened to
 * {@code parent<separator>child} names as {@link JsonRowSource.Flattener} flattens them, and one
 * array to unnest whose elements are such objects or plain values ({@link #elements}). Most
 * records of real JSON files are of this kind, and reading them this way is several times faster
 * than building a tree of each.
 *
 * <p>Any other text says false and is left to the JSON parser: one with another array (or a
 * second one to unnest, or one inside an element), an escape, a control character in a string, a
 * name given twice in one object, an object deeper than the limit, a {@code -0}, an unusually
 * long name or number, or anything that is not valid JSON. So the scan accepts only texts the
 * parser would read, and finds in them what the parser's tree gives: each field's name is the one
 * the flattened tree has, and its text too (a number with a fraction or an exponent as its exact
 * decimal: {@link #fraction}).
 */
final class JsonRecordScanner {

    /** The kinds of a field's value. */
    static final byte ASCII_STRING = 0;
    static final byte STRING = 1;
    static final byte INTEGER = 2;
    static final byte FRACTION = 3;
    static final byte BOOLEAN = 4;
    static final byte NULL = 5;

    /** Longer numbers and names are left to the parser, which has limits of its own for them. */
    private static final int MAX_NUMBER = 64;
    private static final int MAX_NAME = 1024;

    /** A flattened field name: the keys from the line's object down to the field. */
    static final class Name {
        final Name parent;
        final int id;
        /** Whether the spec unnests an array of this name. */
        final boolean unnested;
        final byte[] key;
        final int hash;
        /** The flattened name, e.g. {@code customer_name}. */
        final String path;
        /** The name's column, as the reader using this scanner finds it once. */
        int column = -1;
        /** The last object (a line's, or an unnested element's) the name was met in. */
        private int scope;
        /** The first name of this object last time, and the name that followed this one last time. */
        private Name first;
        private Name next;

        private Name(Name parent, int id, byte[] key, int hash, String path, boolean unnested) {
            this.parent = parent;
            this.id = id;
            this.unnested = unnested;
            this.key = key;
            this.hash = hash;
            this.path = path;
        }
    }

    private final String separator;
    private final int maxDepth;
    private final Set<String> unnest;
    private final Name root = new Name(null, 0, new byte[0], 0, "", false);
    private Name[] table = new Name[256];
    private int names;

    // the fields of the last line scanned
    private Name[] fieldNames = new Name[64];
    private byte[] kinds = new byte[64];
    private int[] froms = new int[64];
    private int[] lengths = new int[64];
    private int[] hashes = new int[64];
    private int count;
    /** The unnested array's elements (-1: the line has none), and where its fields are among the line's. */
    private int elements;
    private int[] elementStarts = new int[16];

    private byte[] b;
    private int p;
    private int end;
    private int scopes;

    /** @param unnest the (flattened) names of the arrays the spec unnests */
    JsonRecordScanner(String separator, int maxDepth, Set<String> unnest) {
        this.separator = separator;
        this.maxDepth = maxDepth;
        this.unnest = Set.copyOf(unnest);
    }

    /**
     * Scans {@code bytes[from, to)}: true when it is one object of plain values (its fields are
     * then {@link #count()}, {@link #name}, {@link #kind}, {@link #from}, {@link #length},
     * {@link #hash}), false when the line is for the JSON parser.
     */
    boolean scan(byte[] bytes, int from, int to) {
        b = bytes;
        p = from;
        end = to;
        count = 0;
        elements = -1;
        skipSpace();
        if (p == end || b[p] != '{' || !object(root, 1, ++scopes)) {
            return false;
        }
        skipSpace();
        return p == end;
    }

    int count() {
        return count;
    }

    /**
     * The number of elements of the line's array to unnest, or -1 when it has none. The line's rows
     * are then one per element (one with no element fields for an empty array): the fields before
     * the array's ({@code [0, elementStart(0))}), the element's ({@code [elementStart(k),
     * elementStart(k + 1))}) and those after it ({@code [elementStart(elements()), count())}).
     */
    int elements() {
        return elements;
    }

    int elementStart(int k) {
        return elementStarts[k];
    }

    Name name(int field) {
        return fieldNames[field];
    }

    byte kind(int field) {
        return kinds[field];
    }

    /** Where the field's text starts in the line's bytes (a string's: after its opening quote). */
    int from(int field) {
        return froms[field];
    }

    int length(int field) {
        return lengths[field];
    }

    /**
     * The field's text's {@link String#hashCode()} (for the kinds other than {@link #STRING}, whose
     * characters are not all ASCII: a hash of its bytes).
     */
    int hash(int field) {
        return hashes[field];
    }

    /**
     * The text the parser's tree ({@link JsonTree}) gives a number with a fraction or an exponent:
     * its exact {@code BigDecimal}'s ({@code 0.10} and {@code 12345678901234567.891} as written,
     * {@code 1.5E0} as {@code 1.5}, {@code 1e5} as {@code 1E+5}).
     */
    static String fraction(String written) {
        return new BigDecimal(written).toString();
    }

    /** Reads an object of the line ({@code scope}: the line's, or an unnested element's) from its opening brace. */
    private boolean object(Name parent, int depth, int scope) {
        if (closesAtOnce((byte) '}')) {
            return true;
        }
        // the names of a file's objects mostly come in the same order: each is first compared
        // with the one that followed the previous name last time
        Name previous = null;
        Name expected = parent.first;
        while (true) {
            if (p == end || b[p] != '"') {
                return false;
            }
            int keyFrom = p + 1;
            Name name = null;
            if (expected != null) {
                int keyEnd = keyFrom + expected.key.length;
                if (keyEnd < end && b[keyEnd] == '"'
                        && Arrays.equals(b, keyFrom, keyEnd, expected.key, 0, expected.key.length)) {
                    name = expected;
                    p = keyEnd + 1;
                }
            }
            if (name == null) {
                name = key(parent, keyFrom);
                if (name == null) {
                    return false;
                }
                if (previous == null) {
                    parent.first = name;
                } else {
                    previous.next = name;
                }
            }
            if (name.scope == scope) {
                return false; // a name given twice: the parser's tree keeps the last value
            }
            name.scope = scope;
            previous = name;
            expected = name.next;
            skipSpace();
            if (p == end || b[p] != ':') {
                return false;
            }
            p++;
            skipSpace();
            if (p == end) {
                return false;
            }
            byte c = b[p];
            boolean read = c == '{' ? depth < maxDepth && object(name, depth + 1, scope)
                    : c == '[' ? name.unnested && elements < 0 && array(name, depth)
                    : plainValue(name, c);
            int next = read ? next((byte) '}') : -1;
            if (next != 0) {
                return next > 0;
            }
        }
    }

    /** Reads the array to unnest from its opening bracket: each element an object or a plain value. */
    private boolean array(Name name, int depth) {
        elements = 0;
        elementStarts[0] = count;
        if (closesAtOnce((byte) ']')) {
            return true;
        }
        while (true) {
            if (p == end) {
                return false;
            }
            byte c = b[p];
            // an element object is flattened under the array's name, one level deeper
            boolean read = c == '{' ? depth < maxDepth && object(name, depth + 1, ++scopes) : plainValue(name, c);
            if (!read) {
                return false;
            }
            if (++elements == elementStarts.length) {
                elementStarts = Arrays.copyOf(elementStarts, elements * 2);
            }
            elementStarts[elements] = count;
            int next = next((byte) ']');
            if (next != 0) {
                return next > 0;
            }
        }
    }

    /** Past an opening brace or bracket and the space after it: true (and past it) when {@code close} follows at once. */
    private boolean closesAtOnce(byte close) {
        p++;
        skipSpace();
        if (p < end && b[p] == close) {
            p++;
            return true;
        }
        return false;
    }

    /**
     * After a member or an element: past the space, and a comma (0: another follows, the space after
     * it skipped too) or {@code close} (1: the object or array ends); -1 for anything else.
     */
    private int next(byte close) {
        skipSpace();
        if (p == end) {
            return -1;
        }
        byte c = b[p++];
        if (c == close) {
            return 1;
        }
        if (c != ',') {
            return -1;
        }
        skipSpace();
        return 0;
    }

    /** The name whose key starts at {@code keyFrom} (after its quote), then past its closing quote; null when it is not plain. */
    private Name key(Name parent, int keyFrom) {
        byte[] b = this.b;
        int end = this.end;
        int i = keyFrom;
        int hash = 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\' || (c & 0xE0) == 0) {
                return null; // an escape or a control character
            }
            hash = 31 * hash + c;
        }
        if (i == end || i - keyFrom > MAX_NAME) {
            return null;
        }
        p = i + 1;
        return child(parent, keyFrom, i - keyFrom, hash);
    }

    /** Reads a string, a number, true, false or null starting with {@code c}; false for anything else. */
    private boolean plainValue(Name name, byte c) {
        if (c == '"') {
            return string(name);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(name);
        }
        return c == 't' ? word(name, TRUE, BOOLEAN)
                : c == 'f' ? word(name, FALSE, BOOLEAN)
                : c == 'n' && word(name, NULL_WORD, NULL);
    }

    private boolean string(Name name) {
        byte[] b = this.b;
        int end = this.end;
        int from = p + 1;
        int i = from;
        int hash = 0;
        int bits = 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\' || (c & 0xE0) == 0) {
                return false; // an escape or a control character
            }
            hash = 31 * hash + c;
            bits |= c;
        }
        if (i == end) {
            return false;
        }
        add(name, bits < 0 ? STRING : ASCII_STRING, from, i - from, hash);
        p = i + 1;
        return true;
    }

    private boolean number(Name name) {
        byte[] b = this.b;
        int end = this.end;
        int from = p;
        int i = from;
        if (b[i] == '-') {
            i++;
        }
        if (i == end) {
            return false;
        }
        if (b[i] == '0') {
            i++;
        } else if ((i = digits(b, i, end)) < 0) {
            return false;
        }
        boolean fraction = false;
        if (i < end && b[i] == '.') {
            if ((i = digits(b, i + 1, end)) < 0) {
                return false;
            }
            fraction = true;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if ((i = digits(b, i, end)) < 0) {
                return false;
            }
            fraction = true;
        }
        int length = i - from;
        if (length > MAX_NUMBER || (!fraction && length == 2 && b[from] == '-' && b[from + 1] == '0')) {
            return false; // the parser's tree gives -0 as 0
        }
        add(name, fraction ? FRACTION : INTEGER, from, length, hashOf(from, length));
        p = i;
        return true;
    }

    /** Where the digits from {@code i} end, or -1 when there is none. */
    private static int digits(byte[] b, int i, int end) {
        int from = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i > from ? i : -1;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_WORD = {'n', 'u', 'l', 'l'};

    private boolean word(Name name, byte[] word, byte kind) {
        if (end - p < word.length || !Arrays.equals(b, p, p + word.length, word, 0, word.length)) {
            return false;
        }
        add(name, kind, p, word.length, hashOf(p, word.length));
        p += word.length;
        return true;
    }

    private int hashOf(int from, int length) {
        int hash = 0;
        for (int i = from; i < from + length; i++) {
            hash = 31 * hash + b[i];
        }
        return hash;
    }

    private void skipSpace() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') { // a JSON array's element may span lines
                return;
            }
            p++;
        }
    }

    private void add(Name name, byte kind, int from, int length, int hash) {
        if (count == fieldNames.length) {
            int n = count * 2;
            fieldNames = Arrays.copyOf(fieldNames, n);
            kinds = Arrays.copyOf(kinds, n);
            froms = Arrays.copyOf(froms, n);
            lengths = Arrays.copyOf(lengths, n);
            hashes = Arrays.copyOf(hashes, n);
        }
        fieldNames[count] = name;
        kinds[count] = kind;
        froms[count] = from;
        lengths[count] = length;
        hashes[count] = hash;
        count++;
    }

    /** The name {@code key} under {@code parent}, made the first time it is met. */
    private Name child(Name parent, int keyFrom, int keyLength, int keyHash) {
        int mask = table.length - 1;
        int slot = mix(parent.id * 31 + keyHash) & mask;
        while (true) {
            Name n = table[slot];
            if (n == null) {
                break;
            }
            if (n.parent == parent && n.hash == keyHash
                    && Arrays.equals(n.key, 0, n.key.length, b, keyFrom, keyFrom + keyLength)) {
                return n;
            }
            slot = (slot + 1) & mask;
        }
        byte[] key = Arrays.copyOfRange(b, keyFrom, keyFrom + keyLength);
        String text = new String(key, StandardCharsets.UTF_8);
        // as the flattener names it: an empty prefix (at the top, or under an empty key) adds no separator
        String path = parent.path.isEmpty() ? text : parent.path + separator + text;
        Name n = new Name(parent, ++names, key, keyHash, path, unnest.contains(path));
        table[slot] = n;
        if (names * 2 > table.length) {
            Name[] old = table;
            table = new Name[old.length * 2];
            for (Name o : old) {
                if (o != null) {
                    int s = mix(o.parent.id * 31 + o.hash) & (table.length - 1);
                    while (table[s] != null) {
                        s = (s + 1) & (table.length - 1);
                    }
                    table[s] = o;
                }
            }
        }
        return n;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
