package io.tributary.lambda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What -Plambda packages: the flows and the specs, the handler, no emulator, no polling source. */
class LambdaArtifactIT {

    static final Path ZIP = Path.of(System.getProperty("tributary.function-zip", "target-lambda/function.zip"));

    @Test
    void functionZipHoldsTheFlowsAndSpecsButNoEmulatorAndNoSourceRoute() throws IOException {
        assertTrue(Files.size(ZIP) <= 50L * 1024 * 1024, "function.zip is " + Files.size(ZIP) + " bytes, over 50 MB");
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            for (String flow : List.of("clean-object", "stream-changes", "archive-stream", "sweep-raw")) {
                assertTrue(names.contains("routes/flows/" + flow + ".camel.yaml"), flow + " flow packaged");
            }
            assertTrue(names.contains("routes/datasets/hotel_bookings.yaml"));
            assertEquals(List.of(), names.stream().filter(n -> n.startsWith("routes/sources/")).toList(),
                    "no polling source route in the Lambda");
            assertEquals(List.of(), names.stream().filter(n -> n.contains("DynamoDBLocal") || n.contains("s3proxy")
                    || n.contains("kinesis-local") || n.contains("sqlite4java") || n.contains("localaws")).toList(),
                    "no emulator in the Lambda");
            assertTrue(names.contains("io/tributary/lambda/TributaryLambda.class"));
        }
    }
}
