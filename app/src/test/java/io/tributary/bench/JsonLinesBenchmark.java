package io.tributary.bench;

import io.tributary.clean.CleanSummary;
import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The JSON Lines benchmark (not a test): the first N lines of the clean JSON Lines that
 * {@link CleanBenchmark} wrote (hotel bookings as typed JSON objects, 34 fields) cleaned as a raw
 * file, once as a file no spec claims (its spec inferred first, as the clean flow does) and once
 * with that inferred spec declared; then N/2 nested orders (a customer object with an address, a
 * list of 1-4 products; generated, seeded) cleaned with the orders route's spec read as JSON
 * Lines, one row per product. Prints rows/s and MB/s, and the process' peak RSS. Run by the
 * {@code benchmark} profile after {@link CleanBenchmark} (docs/BENCHMARKS.md).
 *
 * <p>Arguments: the clean JSON Lines written by the benchmark, work directory, rows, runs, the
 * orders route's spec.
 */
public final class JsonLinesBenchmark {

    private JsonLinesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]).resolve("jsonl"));
        long rows = Long.parseLong(args[2]);
        int runs = Integer.parseInt(args[3]);
        Path input = work.resolve("hotel_bookings_" + rows + ".jsonl");
        long written = 0;
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && written < rows; line = in.readLine(), written++) {
                out.write(line);
                out.write('\n');
            }
        }
        double mb = Files.size(input) / 1e6;
        System.out.printf(Locale.ROOT, "input %s: %,d rows, %.1f MB%n", input.getFileName(), written, mb);
        FileCleaning.Outputs out = FileCleaning.Outputs.in(work).withoutItems();
        for (int run = 1; run <= runs; run++) {
            DatasetSpec inferred = clean(null, input, out, mb, run);
            clean(inferred, input, out, mb, run);
        }
        if (args.length > 4) {
            Path orders = work.resolve("orders_" + rows / 2 + ".jsonl");
            writeOrders(orders, rows / 2, false);
            double ordersMb = Files.size(orders) / 1e6;
            System.out.printf(Locale.ROOT, "input %s: %,d orders, %.1f MB%n", orders.getFileName(), rows / 2, ordersMb);
            // the orders route's spec, reading JSON Lines instead of one JSON array
            String spec = Files.readString(Path.of(args[4]));
            DatasetSpec jsonLines = DatasetSpec.parse(spec.replace("type: json\n", "type: jsonl\n"), args[4], "tributary-");
            for (int run = 1; run <= runs; run++) {
                clean(jsonLines, orders, out, ordersMb, run);
            }
            // the same orders as one JSON array, each over three lines as the orders sample has them
            Path array = work.resolve("orders_" + rows / 2 + ".json");
            writeOrders(array, rows / 2, true);
            double arrayMb = Files.size(array) / 1e6;
            System.out.printf(Locale.ROOT, "input %s: %,d orders, %.1f MB%n", array.getFileName(), rows / 2, arrayMb);
            DatasetSpec json = DatasetSpec.parse(spec, args[4], "tributary-");
            for (int run = 1; run <= runs; run++) {
                clean(json, array, out, arrayMb, run);
            }
        }
    }

    /**
     * Orders as the orders sample has them: a customer with an address, a list of products (prices as
     * text); one per line, or ({@code array}) the elements of one array, each over three lines.
     */
    private static void writeOrders(Path file, long orders, boolean array) throws IOException {
        Random random = new Random(5);
        String[][] products = {{"TEA-01", "Green tea", "4.50"}, {"MUG-02", "Mug", "9.90"}, {"POT-03", "Tea pot", "24.00"},
                {"CUP-04", "Cup", "3.20"}, {"BAG-05", "Tote bag", "12.00"}, {"HON-06", "Honey, 250 g", "6.75"}};
        String[][] cities = {{"Porto", "PT"}, {"Malmö", "SE"}, {"Lyon", "FR"}, {"Kraków", "PL"}, {"Austin", "US"}};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (array) {
                out.write("[\n");
            }
            String lineBreak = array ? "\n   " : "";
            for (long i = 0; i < orders; i++) {
                if (array) {
                    out.write(i == 0 ? "  " : ",\n  ");
                }
                int customer = random.nextInt(20_000);
                String[] city = cities[customer % cities.length];
                out.write(String.format(Locale.ROOT, "{\"order_id\":%d,\"order_date\":\"2024-%02d-%02dT%02d:%02d:00Z\",%s"
                                + "\"customer\":{\"id\":\"C-%d\",\"name\":\"Customer %d\",\"email\":\" Customer.%d@Example.com\","
                                + "\"address\":{\"city\":\"%s\",\"country\":\"%s\"}},%s\"products\":[",
                        100_000 + i, 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
                        lineBreak, customer, customer, customer, city[0], city[1], lineBreak));
                int lines = 1 + random.nextInt(4);
                for (int k = 0; k < lines; k++) {
                    String[] p = products[random.nextInt(products.length)];
                    out.write(String.format(Locale.ROOT, "%s{\"sku\":\"%s\",\"name\":\"%s\",\"price\":\"%s\"%s}",
                            k > 0 ? "," : "", p[0], p[1], p[2],
                            random.nextInt(10) == 0 ? "" : ",\"quantity\":" + (1 + random.nextInt(5))));
                }
                out.write(array ? "]}" : "]}\n");
            }
            if (array) {
                out.write("\n]\n");
            }
        }
    }

    /** Cleans the input with this spec (null: inferred first); the spec used. */
    private static DatasetSpec clean(DatasetSpec spec, Path input, FileCleaning.Outputs out, double mb, int run)
            throws Exception {
        long start = System.nanoTime();
        FileCleaning.Result result = FileCleaning.clean(spec, spec == null ? "hotel_bookings_json" : spec.name(),
                input.getFileName().toString(), "tributary-", input, out, null, rejected -> {
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        CleanSummary s = result.report().summary();
        System.out.printf(Locale.ROOT, "run %d, %s: %,d rows in %.2f s = %,.0f rows/s, %.1f MB/s; out %,d;"
                        + " peak RSS so far %d MB%n", run, result.spec().name() + (result.inferred() ? ", spec inferred" : ", spec declared"),
                s.rowsIn(), seconds, s.rowsIn() / seconds, mb / seconds, s.rowsOut(), CleanBenchmark.peakRssMb());
        return result.spec();
    }
}
