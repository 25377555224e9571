package io.tributary.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.clean.DatasetCatalog;
import io.tributary.clean.DatasetSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What -Plambda packages: the flows and the specs, the handler, no emulator, no polling source. */
class LambdaArtifactIT {

    static final Path TEMPLATE = Path.of("../deploy/template.yaml");
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
            // Parquet is written without Hadoop; what the Lambda never loads is left out to stay under 50 MB
            assertTrue(names.stream().anyMatch(n -> n.startsWith("lib/org.apache.parquet.parquet-hadoop-")), "Parquet");
            assertEquals(List.of(), names.stream().filter(n -> n.contains("hadoop-common") || n.contains("datafaker")
                    || n.contains("camel-endpointdsl") || n.contains("httpclient") || n.contains("snappy-java")
                    || n.contains("zstd-jni")).toList(), "nothing the Lambda does not use");
        }
    }

    @Test
    void theSamTemplateNamesOnlyWhatTheBuildAndTheConfigurationHave() throws IOException {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
        JsonNode globals = template.path("Globals").path("Function");
        // the code and the handler
        assertEquals(ZIP.toRealPath(), TEMPLATE.getParent().resolve(globals.path("CodeUri").asText()).toRealPath());
        String handler = globals.path("Handler").asText();
        String handlerClass = handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class";
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            boolean found = false;
            for (ZipEntry lib : zip.stream().filter(e -> e.getName().startsWith("lib/io.quarkus.quarkus-amazon-lambda"))
                    .toList()) {
                try (java.util.zip.ZipInputStream jar = new java.util.zip.ZipInputStream(zip.getInputStream(lib))) {
                    for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                        found |= e.getName().equals(handlerClass);
                    }
                }
            }
            assertTrue(found, handler + " is in function.zip");
        }
        // every environment variable is a setting the application reads
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Set<String> settings = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            String plain = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            settings.add(plain.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        for (Iterator<String> it = globals.path("Environment").path("Variables").fieldNames(); it.hasNext(); ) {
            String variable = it.next();
            if (variable.equals("QUARKUS_PROFILE")) {
                String profile = globals.path("Environment").path("Variables").path(variable).asText();
                assertTrue(properties.stringPropertyNames().stream().anyMatch(k -> k.startsWith("%" + profile + ".")),
                        "application.properties has a %" + profile + " profile");
            } else {
                assertTrue(settings.contains(variable), variable + " is not a setting of application.properties");
            }
        }
        // every dataset's table is in the template, keyed as the spec says; so are the state table and the stream
        Map<String, JsonNode> tables = new HashMap<>();
        JsonNode resources = template.path("Resources");
        resources.fields().forEachRemaining(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::DynamoDB::Table")) {
                tables.put(r.getValue().path("Properties").path("TableName").asText(), r.getValue().path("Properties"));
            }
        });
        assertTrue(tables.containsKey(properties.getProperty("tributary.state-table")), "the state table");
        DatasetCatalog catalog = DatasetCatalog.load(Path.of("../routes/datasets"), properties.getProperty("tributary.table-prefix"));
        for (DatasetSpec spec : catalog.all()) {
            JsonNode table = tables.get(spec.dynamodb().table());
            assertTrue(table != null, "the template has table " + spec.dynamodb().table() + " of " + spec.name());
            String partition = spec.dynamodb().partitionKey() == null ? "row_id" : spec.dynamodb().partitionKey();
            assertEquals(partition, table.path("KeySchema").get(0).path("AttributeName").asText());
            assertEquals("NEW_AND_OLD_IMAGES", table.path("StreamSpecification").path("StreamViewType").asText(),
                    spec.dynamodb().table() + " streams its changes");
        }
        assertEquals(properties.getProperty("tributary.kinesis-stream"),
                resources.path("ChangesStream").path("Properties").path("Name").asText());
        // each function's policy names only actions its flows use
        assertEquals(List.of("kinesis:PutRecords"), actions(resources.path("StreamChangesFunction")));
        assertEquals(List.of("s3:PutObject", "s3:GetObject", "s3:ListBucket", "glue:GetTable", "glue:CreateTable",
                "glue:UpdateTable", "glue:StartCrawler", "redshift-data:BatchExecuteStatement",
                "redshift-data:ExecuteStatement", "redshift-data:DescribeStatement", "redshift-data:GetStatementResult",
                "redshift-data:CancelStatement", "secretsmanager:GetSecretValue", "redshift-serverless:GetCredentials",
                "redshift:GetClusterCredentials"), actions(resources.path("ArchiveFunction")));
        // the clean and archive functions may make exactly the Redshift Data API calls RedshiftWarehouse makes
        java.util.regex.Matcher dataApi = java.util.regex.Pattern.compile("api\\.call\\(\"(\\w+)\"")
                .matcher(Files.readString(Path.of("src/main/java/io/tributary/aws/RedshiftWarehouse.java")));
        Set<String> redshift = new TreeSet<>();
        while (dataApi.find()) {
            redshift.add("redshift-data:" + dataApi.group(1));
        }
        assertEquals(Set.of("redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement",
                "redshift-data:DescribeStatement", "redshift-data:GetStatementResult", "redshift-data:CancelStatement"),
                redshift);
        for (String function : List.of("CleanFunction", "ArchiveFunction")) {
            assertEquals(redshift, new TreeSet<>(actions(resources.path(function)).stream()
                    .filter(a -> a.startsWith("redshift-data:")).toList()), function);
        }
        // the role Redshift's COPY assumes reads the staged rows and the archive, nothing else
        JsonNode copyRole = resources.path("RedshiftCopyRole");
        assertEquals("AWS::IAM::Role", copyRole.path("Type").asText());
        List<String> readable = new java.util.ArrayList<>();
        copyRole.path("Properties").path("Policies").get(0).path("PolicyDocument").path("Statement").get(0)
                .path("Resource").forEach(r -> readable.add(r.path("Fn::Sub").asText()));
        assertEquals(List.of("arn:${AWS::Partition}:s3:::${BucketName}/" + properties.getProperty("tributary.warehouse.staging-prefix") + "*",
                "arn:${AWS::Partition}:s3:::${BucketName}/" + properties.getProperty("tributary.archive.prefix") + "*"), readable);
        // the clean function may make exactly the Glue calls GlueCatalog makes, in the template's database
        java.util.regex.Matcher calls = java.util.regex.Pattern.compile("glue\\.call\\(\"(\\w+)\"")
                .matcher(Files.readString(Path.of("src/main/java/io/tributary/aws/GlueCatalog.java")));
        Set<String> made = new TreeSet<>();
        while (calls.find()) {
            made.add("glue:" + calls.group(1));
        }
        assertEquals(Set.of("glue:BatchCreatePartition", "glue:CreateTable", "glue:GetTable", "glue:UpdateTable",
                "glue:StartCrawler"), made);
        assertEquals(made, new TreeSet<>(actions(resources.path("CleanFunction")).stream()
                .filter(a -> a.startsWith("glue:")).toList()));
        assertEquals("AWS::Glue::Database", resources.path("LakeDatabase").path("Type").asText());
        assertEquals("LakeDatabase", globals.path("Environment").path("Variables").path("TRIBUTARY_GLUE_DATABASE")
                .path("Ref").asText());
        // every API source and export runs on its spec's schedule (in AWS's cron form), an API's URL variable set
        JsonNode scheduled = resources.path("ScheduledFunction").path("Properties");
        for (DatasetSpec spec : catalog.all()) {
            assertSchedule(scheduled, "{\"extract-api\": \"" + spec.name() + "\"}",
                    spec.api() == null ? null : spec.api().schedule());
            assertSchedule(scheduled, "{\"export\": \"" + spec.name() + "\"}",
                    spec.export() == null ? null : spec.export().schedule());
            java.util.regex.Matcher variable = java.util.regex.Pattern.compile("^\\$\\{([A-Z0-9_]+)")
                    .matcher(spec.api() == null ? "" : spec.api().url());
            if (variable.find()) {
                assertTrue(scheduled.path("Environment").path("Variables").has(variable.group(1)),
                        spec.name() + ": the function sets " + variable.group(1));
            }
        }
        // the partition modes the template offers are those GlueCatalog knows
        List<String> modes = new java.util.ArrayList<>();
        template.path("Parameters").path("GluePartitions").path("AllowedValues").forEach(v -> modes.add(v.asText()));
        assertEquals(java.util.Arrays.stream(io.tributary.aws.GlueCatalog.Partitions.values())
                .map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList(), modes);
        assertEquals(properties.getProperty("tributary.glue.partitions"),
                template.path("Parameters").path("GluePartitions").path("Default").asText());
    }

    /** The function has a schedule sending {@code input} exactly when the spec has a schedule, and on it. */
    static void assertSchedule(JsonNode function, String input, io.tributary.clean.CronSchedule schedule) {
        JsonNode event = null;
        for (JsonNode e : function.path("Events")) {
            if (e.path("Properties").path("Input").asText().equals(input)) {
                event = e;
            }
        }
        if (schedule == null) {
            assertTrue(event == null, "a schedule sends " + input + ", which no spec asks for");
            return;
        }
        assertTrue(event != null, "a schedule sends " + input);
        String[] f = schedule.toString().split("\\s+");
        assertEquals("*", f[4], input + ": a day-of-week schedule needs its AWS form written by hand");
        assertEquals("cron(" + f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " ? *)",
                event.path("Properties").path("Schedule").asText(), input + "'s schedule");
    }

    /** A statement's actions; a conditional one (Fn::If: [condition, statement, other]) counts with both branches'. */
    private static void granted(JsonNode statement, List<String> actions) {
        if (statement.has("Fn::If")) {
            granted(statement.path("Fn::If").path(1), actions);
            granted(statement.path("Fn::If").path(2), actions);
            return;
        }
        statement.path("Action").forEach(a -> actions.add(a.asText()));
    }

    static List<String> actions(JsonNode function) {
        List<String> actions = new java.util.ArrayList<>();
        for (JsonNode policy : function.path("Properties").path("Policies")) {
            for (JsonNode statement : policy.path("Statement")) {
                granted(statement, actions);
            }
        }
        return actions;
    }
}
