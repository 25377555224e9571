package io.tributary.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a large hotel-bookings-like CSV from the real sample: rows drawn at random (seeded, so
 * the file is the same on every run) from the sample, three in ten an exact copy of a sample row
 * (duplicates, as in the real data), the others with a new lead time and price.
 */
public final class HotelBookingsGenerator {

    private HotelBookingsGenerator() {
    }

    public static void generate(Path sample, Path target, long rows, long seed) throws IOException {
        List<String[]> source = new ArrayList<>();
        String header;
        try (BufferedReader in = Files.newBufferedReader(sample, StandardCharsets.UTF_8)) {
            header = in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    source.add(line.split(",", -1));
                }
            }
        }
        List<String> columns = List.of(header.split(","));
        int leadTime = columns.indexOf("lead_time");
        int adr = columns.indexOf("adr");
        SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            out.write(header);
            out.write('\n');
            StringBuilder sb = new StringBuilder(256);
            for (long r = 0; r < rows; r++) {
                String[] row = source.get(random.nextInt(source.size()));
                boolean copy = random.nextInt(10) < 3;
                sb.setLength(0);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    if (!copy && i == leadTime) {
                        sb.append(random.nextInt(400));
                    } else if (!copy && i == adr) {
                        sb.append(random.nextInt(30_000) / 100.0);
                    } else {
                        sb.append(row[i]);
                    }
                }
                sb.append('\n');
                out.write(sb.toString());
            }
        }
    }
}
